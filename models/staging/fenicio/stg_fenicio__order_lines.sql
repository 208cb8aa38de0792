{#- The contract's columns of every landed line that was not quarantined, cleaned. The carried columns are in
    stg_fenicio__order_line_details (same load_sequence and record_number). -#}
{%- set text_columns = [
    'product_code', 'item_name', 'category', 'brand',
    'buyer_first_name', 'buyer_last_name', 'buyer_gender', 'buyer_phone', 'buyer_document',
    'buyer_document_type', 'company_tax_id', 'company_name',
    'billing_country', 'billing_state', 'billing_city',
] -%}
{%- set code_columns = discount_code_columns() -%}
{%- set amount_columns = ['quantity', 'item_total', 'order_total'] -%}
{%- set timestamp_columns = ['started_at', 'finished_at'] -%}

with

source_lines as (

    select * from {{ source('fenicio', 'order_lines') }}
    -- a quarantined record is landed with its verdict (ingest.quarantine), never staged
    where quarantine_column is null

),

cleaned as (

    select
        cast(load_sequence as bigint) as load_sequence,
        source_file_name,
        cast(record_number as bigint) as record_number,
        {{ clean_text('order_number') }} as order_number,
        lower({{ trim_whitespace('buyer_email') }}) as customer_email,
        {{ normalise_status('order_status') }} as order_status,
        {{ normalise_status('payment_status') }} as payment_status,
        upper({{ clean_text('currency') }}) as currency,
        {%- for column in timestamp_columns %}
        -- wall-clock time as written, and its written UTC offset (NULL = store-local);
        -- int_orders_enriched turns them into store-local time (README decision 2)
        {{ column }} as {{ column }}_written,
        cast({{ column }}_utc_offset_minutes as integer) as {{ column }}_utc_offset_minutes,
        {%- endfor %}
        {%- for column in amount_columns %}
        cast({{ column }} as decimal(18, 6)) as {{ column }},
        {%- endfor %}
        {%- for column in code_columns %}
        upper({{ clean_text(column) }}) as {{ column }},
        {%- endfor %}
        {%- for column in text_columns %}
        {{ clean_text(column) }} as {{ column }},
        {%- endfor %}
        loaded_at
    from source_lines

),

labelled as (

    select
        cleaned.*,
        -- the contract's product label: the item name, else the product code
        coalesce(cleaned.item_name, cleaned.product_code) as product_label
    from cleaned

)

select * from labelled
