{#- The carried columns of every landed line, cleaned like stg_fenicio__order_lines and
    joined to it on (load_sequence, record_number). Sensitive columns (addresses, card
    digits, IP, payment details) are landed but not selected here. Nothing downstream
    reads this view: it is for analysts. -#}
{%- set text_columns = [
    'sku', 'order_code', 'payment_discount_name', 'order_origin', 'delivery_method', 'branch',
    'size_code', 'recipient', 'variant_code', 'shipping_type', 'delivery_schedule',
    'delivery_status', 'tracking_info', 'tracking_code', 'unknown_sai', 'unknown_tomada',
    'billing_postal_code', 'delivery_country', 'delivery_state', 'delivery_city',
    'delivery_postal_code', 'payment_method', 'payment_method_type', 'bank',
    'payment_id_fenicio', 'payment_id_external', 'buyer_name', 'notes',
] -%}
{%- set amount_columns = [
    'gift_amount', 'coupon_discount_amount', 'payment_discount_amount', 'shipping_amount',
    'item_payment_discount_amount', 'item_coupon_discount_amount', 'item_discount_amount',
    'payment_amount', 'taxes',
] -%}
{%- set timestamp_columns = ['paid_at', 'delivered_at'] -%}

with

source_details as (

    select * from {{ source('fenicio', 'order_line_details') }}

),

cleaned as (

    select
        {%- for column in timestamp_columns %}
        {{ to_store_local_time(column, column ~ '_utc_offset_minutes', var('store_timezone')) }} as {{ column }},
        {%- endfor %}
        {%- for column in amount_columns %}
        cast({{ column }} as decimal(18, 6)) as {{ column }},
        {%- endfor %}
        {%- for column in text_columns %}
        {{ clean_text(column) }} as {{ column }},
        {%- endfor %}
        cast(load_sequence as bigint) as load_sequence,
        cast(record_number as bigint) as record_number
    from source_details

)

select * from cleaned
