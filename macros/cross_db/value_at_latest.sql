{#- Aggregate: expression at the row with the greatest sort_key (a tuple of columns),
    ignoring rows where expression is null. -#}
{% macro value_at_latest(expression, sort_key) -%}
    {{ return(adapter.dispatch('value_at_latest', 'fenicio_icommkt')(expression, sort_key)) }}
{%- endmacro %}

{#- The default, which Spark runs: expression at the row with the greatest sort_key, ignoring rows where
    expression is NULL (max_by keeps them; DuckDB's arg_max skips them): such rows get a
    NULL ordering, which max_by skips. -#}
{% macro default__value_at_latest(expression, sort_key) -%}
    max_by({{ expression }}, case when {{ expression }} is not null then struct({{ sort_key | join(', ') }}) end)
{%- endmacro %}

{% macro duckdb__value_at_latest(expression, sort_key) -%}
    arg_max({{ expression }}, ({{ sort_key | join(', ') }}))
{%- endmacro %}
