{#- Spark: whole days from start_date to end_date (end - start), both DATE. -#}
{% macro spark__days_between(start_date, end_date) -%}
    datediff({{ end_date }}, {{ start_date }})
{%- endmacro %}
