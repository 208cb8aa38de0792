{#- Not a report table: the counted orders' lines up to the build's as-of date (valid
    email), each with its days_ago and its item_total in the base currency (rounded to
    2 decimals, half away from zero), for the product and category tables. Line totals
    are before order-level discounts and shipping, so they do not add up to the orders'
    revenue. Only the last 720 days (twice the longest period the report compares). A
    table: two report models read it, and each reading the view of the superseded lines
    again cost more than storing it once. Built after customer_profiles (depends_on
    below), that is after the per-customer aggregations: run beside them, the report's
    aggregations and theirs shared one memory limit and a 10 M-line build took 41 s
    longer, against 12 s for these models alone. -#}
-- depends_on: {{ ref('customer_profiles') }}
with

lines as (

    select * from {{ ref('int_order_lines_superseded') }}

),

orders as (

    -- the counted orders of a valid email in the 720 days up to the as-of date
    select
        order_number,
        customer_email,
        currency,
        {{ days_between('purchase_date', as_of_date()) }} as days_ago
    from {{ ref('int_orders_enriched') }}
    where
        is_counted
        and is_valid_email
        and purchase_date <= {{ as_of_date() }}
        and {{ days_between('purchase_date', as_of_date()) }} < 720

),

currency_rates as (

    select * from {{ ref('stg_settings__currency_rates') }}

),

final as (

    select
        orders.order_number,
        orders.customer_email,
        orders.days_ago,
        lines.product_label,
        lines.category,
        coalesce(lines.quantity, 0) as quantity,
        case
            when orders.currency = '{{ var("base_currency") }}'
                then cast(round(coalesce(lines.item_total, 0), 2) as decimal(18, 2))
            else cast(
                round(
                    cast(coalesce(lines.item_total, 0) as decimal(38, 6))
                    * cast(currency_rates.rate_to_base as decimal(38, 6)),
                    2
                ) as decimal(18, 2)
            )
        end as line_revenue
    from lines
    inner join orders
        on lines.order_number = orders.order_number
    left join currency_rates
        on orders.currency = currency_rates.currency

)

select * from final
