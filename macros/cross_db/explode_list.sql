{#- Select-list expression: one output row per element of a list column. -#}
{% macro explode_list(expression) -%}
    {{ return(adapter.dispatch('explode_list', 'fenicio_icommkt')(expression)) }}
{%- endmacro %}

{#- The default, which Spark runs: one output row per element (none for an empty or NULL list, as DuckDB's unnest). -#}
{% macro default__explode_list(expression) -%}
    explode({{ expression }})
{%- endmacro %}

{% macro duckdb__explode_list(expression) -%}
    unnest({{ expression }})
{%- endmacro %}
