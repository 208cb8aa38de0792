{#- One row per order, its latest version: the lines of the most recently loaded file that
    holds the order, aggregated. Order-level fields come from the version's first line
    (smallest record_number); then line totals, units and the distinct products,
    categories, brands and discount codes. Incremental on DuckDB: a run reads only the
    files loaded since the last one and replaces their orders whole (delete+insert by
    order_number). No var or seed is read here, so no setting can leave stale rows. -#}
{%- set first_line_columns = [
    'source_file_name', 'customer_email', 'order_status', 'payment_status', 'currency',
    'started_at_written', 'started_at_utc_offset_minutes', 'finished_at_written',
    'finished_at_utc_offset_minutes', 'order_total', 'buyer_first_name', 'buyer_last_name',
    'buyer_gender', 'buyer_phone', 'buyer_document', 'buyer_document_type', 'company_tax_id',
    'company_name', 'billing_country', 'billing_state', 'billing_city',
] -%}
{%- set code_columns = discount_code_columns() -%}

with

staged_lines as (

    select * from {{ ref('stg_fenicio__order_lines') }}
    {%- if is_incremental() %}
    -- the loads after those already aggregated: the older files are not read
    where load_sequence > {{ built_value('coalesce(max(load_sequence), 0)') }}
    {%- endif %}

),

order_versions as (

    -- one row per version of an order (its lines in one loaded file)
    select
        order_number,
        load_sequence,
        {% for column in first_line_columns %}
        {{ value_at_first(column, 'record_number') }} as {{ column }},
        {% endfor %}
        min(record_number) as first_record_number,
        count(*) as line_count,
        sum(coalesce(item_total, 0)) as item_total_sum,
        cast(sum(coalesce(quantity, 0)) as decimal(18, 6)) as units,
        {{ distinct_sorted_list_agg('product_label') }} as products,
        {{ distinct_sorted_list_agg('category') }} as categories,
        {{ distinct_sorted_list_agg('brand') }} as brands,
        {{ distinct_sorted_list_agg(list_of(code_columns), is_list=true) }} as discount_codes
    from staged_lines
    group by order_number, load_sequence

),

latest_loads as (

    -- a later export of an order replaces the earlier one whole (found on narrow rows:
    -- ranking the wide versions cost a sort of every list)
    select
        order_number,
        max(load_sequence) as load_sequence
    from staged_lines
    group by order_number

),

latest_versions as (

    select order_versions.*
    from order_versions
    inner join latest_loads
        on
            order_versions.order_number = latest_loads.order_number
            and order_versions.load_sequence = latest_loads.load_sequence

),

final as (

    select
        order_number,
        load_sequence,
        {% for column in first_line_columns %}
        {{ column }},
        {% endfor %}
        first_record_number,
        line_count,
        item_total_sum,
        units,
        products,
        categories,
        brands,
        discount_codes,
        -- order_total repeats on every line: take it once; else the sum of item totals
        cast(coalesce(order_total, item_total_sum) as decimal(18, 6)) as order_amount
    from latest_versions

)

select * from final
