{#- Spark: expression at the row with the greatest sort_key, ignoring rows where
    expression is NULL (max_by keeps them; DuckDB's arg_max skips them): such rows get a
    NULL ordering, which max_by skips. -#}
{% macro spark__value_at_latest(expression, sort_key) -%}
    max_by({{ expression }}, case when {{ expression }} is not null then struct({{ sort_key | join(', ') }}) end)
{%- endmacro %}
