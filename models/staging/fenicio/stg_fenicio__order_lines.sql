{%- set text_columns = [
    'order_code', 'payment_discount_name', 'order_origin', 'delivery_method', 'branch',
    'size_code', 'recipient', 'variant_code', 'shipping_type', 'product_code',
    'delivery_schedule', 'delivery_status', 'billing_country', 'sku', 'tracking_info',
    'billing_state', 'item_name', 'tracking_code', 'billing_city', 'brand', 'unknown_sai',
    'unknown_tomada', 'billing_postal_code', 'category', 'delivery_country', 'delivery_state',
    'payment_method', 'delivery_city', 'bank', 'payment_method_type',
    'payment_id_fenicio', 'delivery_postal_code', 'payment_id_external', 'buyer_name',
    'buyer_first_name', 'buyer_last_name', 'buyer_gender', 'buyer_phone', 'buyer_document',
    'buyer_document_type', 'company_tax_id', 'company_name', 'notes',
] -%}
{%- set code_columns = discount_code_columns() -%}
{%- set amount_columns = [
    'quantity', 'item_total', 'order_total', 'gift_amount', 'coupon_discount_amount',
    'payment_discount_amount', 'shipping_amount', 'item_payment_discount_amount',
    'item_coupon_discount_amount', 'item_discount_amount', 'payment_amount', 'taxes',
] -%}
{%- set timestamp_columns = ['started_at', 'finished_at', 'paid_at', 'delivered_at'] -%}

with

source_lines as (

    select * from {{ source('fenicio', 'order_lines') }}

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
        -- wall-clock time as written, and its written UTC offset (NULL = store-local)
        {{ column }} as {{ column }}_written,
        cast({{ column }}_utc_offset_minutes as integer) as {{ column }}_utc_offset_minutes,
        {{ to_store_local_time(column, column ~ '_utc_offset_minutes', var('store_timezone')) }} as {{ column }},
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

)

select * from cleaned
