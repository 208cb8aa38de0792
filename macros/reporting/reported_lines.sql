{#- The reported lines of rpt_line_revenue (`lines`: its relation) whose order was bought in
    the `within_days` days up to the build's as-of date, each with its days_ago (as-of date
    minus purchase date): the select the product and category tables start from. -#}
{% macro reported_lines(lines, within_days) -%}
    select
        order_number,
        customer_email,
        product_label,
        category,
        quantity,
        line_revenue,
        {{ days_between('purchase_date', as_of_date()) }} as days_ago
    from {{ lines }}
    where
        is_reported
        and purchase_date <= {{ as_of_date() }}
        and {{ days_between('purchase_date', as_of_date()) }} < {{ within_days }}
{%- endmacro %}
