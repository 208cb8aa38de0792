{#- The per-scope lists of a profile (products_<scope>, categories_<scope>,
    discount_codes_<scope>), in one place for int_customer_lists and customer_profiles. -#}
{% macro list_kinds() -%}
    {{ return(['products', 'categories', 'discount_codes']) }}
{%- endmacro %}
