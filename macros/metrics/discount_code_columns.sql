{#- The eight export columns whose values are an order's discount codes (the contract's
    definition), in one place for staging and the order aggregation. -#}
{% macro discount_code_columns() -%}
    {{ return([
        'coupon_discount_code', 'item_discount_code', 'payment_discount_code',
        'item_payment_discount_code', 'promo_code', 'coupon', 'discount_coupon',
        'free_shipping_coupon',
    ]) }}
{%- endmacro %}
