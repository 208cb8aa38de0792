with

order_lines as (

    select * from {{ ref('int_order_lines_superseded') }}

),

orders as (

    select * from {{ ref('int_orders_enriched') }}

),

final as (

    select
        order_lines.order_number,
        order_lines.record_number,
        order_lines.load_sequence,
        order_lines.source_file_name,
        orders.customer_email,
        orders.purchase_date,
        orders.is_counted,
        order_lines.product_label,
        order_lines.product_code,
        order_lines.category,
        order_lines.brand,
        order_lines.quantity,
        order_lines.item_total
    from order_lines
    inner join orders
        on order_lines.order_number = orders.order_number

)

select * from final
