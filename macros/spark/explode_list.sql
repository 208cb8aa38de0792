{#- Spark: one output row per element (none for an empty or NULL list, as DuckDB's unnest). -#}
{% macro spark__explode_list(expression) -%}
    explode({{ expression }})
{%- endmacro %}
