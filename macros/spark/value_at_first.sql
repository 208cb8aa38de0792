{#- Spark: expression at the row with the smallest sort_key, NULL values kept (min_by, like
    DuckDB's arg_min_null). -#}
{% macro spark__value_at_first(expression, sort_key) -%}
    min_by({{ expression }}, {{ sort_key }})
{%- endmacro %}
