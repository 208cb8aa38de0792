{#- Aggregate: expression at the row with the smallest sort_key (nulls kept). -#}
{% macro value_at_first(expression, sort_key) -%}
    {{ return(adapter.dispatch('value_at_first', 'fenicio_icommkt')(expression, sort_key)) }}
{%- endmacro %}

{#- The default, which Spark runs: expression at the row with the smallest sort_key, NULL values kept (min_by, like
    DuckDB's arg_min_null). -#}
{% macro default__value_at_first(expression, sort_key) -%}
    min_by({{ expression }}, {{ sort_key }})
{%- endmacro %}

{% macro duckdb__value_at_first(expression, sort_key) -%}
    arg_min_null({{ expression }}, {{ sort_key }})
{%- endmacro %}
