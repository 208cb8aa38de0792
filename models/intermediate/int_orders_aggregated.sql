{#- One row per order (its latest version): order-level fields from its first line
    (smallest record_number, flagged is_first_line upstream), line totals, units and the distinct products, categories,
    brands and discount codes of its lines. Incremental on DuckDB like the lines it reads;
    settings (time zone, rates, status table) are applied downstream. -#}
{%- set first_line_columns = [
    'source_file_name', 'customer_email', 'order_status', 'payment_status', 'currency',
    'started_at_written', 'started_at_utc_offset_minutes', 'finished_at_written',
    'finished_at_utc_offset_minutes', 'order_total', 'buyer_first_name', 'buyer_last_name',
    'buyer_gender', 'buyer_phone', 'buyer_document', 'buyer_document_type', 'company_tax_id',
    'company_name', 'billing_country', 'billing_state', 'billing_city',
] -%}
{%- set code_columns = discount_code_columns() -%}

with

order_lines as (

    select * from {{ ref('int_order_lines_superseded') }}
    {%- if is_incremental() %}
    where
        load_sequence > (
            select coalesce(max(already_loaded.load_sequence), 0) as loaded_up_to
            from {{ this }} as already_loaded
        )
    {%- endif %}

),

first_lines as (

    select
        order_number,
        load_sequence,
        {% for column in first_line_columns %}
        {{ column }},
        {% endfor %}
        record_number as first_record_number
    from order_lines
    where is_first_line

),

line_totals as (

    select
        order_number,
        count(*) as line_count,
        sum(coalesce(item_total, 0)) as item_total_sum,
        cast(sum(coalesce(quantity, 0)) as decimal(18, 6)) as units,
        {{ distinct_sorted_list_agg('product_label') }} as products,
        {{ distinct_sorted_list_agg('category') }} as categories,
        {{ distinct_sorted_list_agg('brand') }} as brands,
        {{ distinct_sorted_list_agg(list_of(code_columns), is_list=true) }} as discount_codes
    from order_lines
    group by order_number

),

joined as (

    select
        first_lines.*,
        line_totals.line_count,
        line_totals.item_total_sum,
        line_totals.units,
        line_totals.products,
        line_totals.categories,
        line_totals.brands,
        line_totals.discount_codes,
        -- order_total repeats on every line: take it once; else the sum of item totals
        cast(coalesce(first_lines.order_total, line_totals.item_total_sum) as decimal(18, 6)) as order_amount
    from first_lines
    inner join line_totals
        on first_lines.order_number = line_totals.order_number

)

select * from joined
