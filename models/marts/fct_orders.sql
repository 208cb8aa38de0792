with

orders as (

    select * from {{ ref('int_orders_enriched') }}

),

final as (

    select
        order_number,
        customer_email,
        is_valid_email,
        purchase_at,
        purchase_date,
        order_status,
        payment_status,
        is_counted,
        currency,
        order_amount,
        revenue,
        units,
        line_count,
        products,
        categories,
        brands,
        discount_codes,
        load_sequence,
        source_file_name
    from orders

)

select * from final
