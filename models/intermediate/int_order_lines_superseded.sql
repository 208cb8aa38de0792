{#- Lines of each order's latest version: for every order_number only the lines of the
    most recently loaded file that holds it (the version int_orders_aggregated kept), with
    is_first_line on the line order-level fields are read from. A view: a build reads
    only the newest loads' lines from it (rpt_line_revenue), and materialising 10 M lines
    cost more than reading them when an analyst does. -#}
with

staged_lines as (

    select * from {{ ref('stg_fenicio__order_lines') }}

),

orders as (

    select * from {{ ref('int_orders_aggregated') }}

),

latest_lines as (

    select
        staged_lines.load_sequence,
        staged_lines.source_file_name,
        staged_lines.record_number,
        staged_lines.order_number,
        staged_lines.customer_email,
        staged_lines.order_status,
        staged_lines.payment_status,
        staged_lines.currency,
        staged_lines.order_total,
        staged_lines.item_total,
        staged_lines.quantity,
        staged_lines.product_label,
        staged_lines.product_code,
        staged_lines.category,
        staged_lines.brand,
        {% for column in discount_code_columns() %}
        staged_lines.{{ column }},
        {% endfor %}
        staged_lines.record_number = orders.first_record_number as is_first_line
    from staged_lines
    inner join orders
        on
            staged_lines.order_number = orders.order_number
            and staged_lines.load_sequence = orders.load_sequence

)

select * from latest_lines
