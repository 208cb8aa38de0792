{#- The number of elements of a list. -#}
{% macro list_length(expression) -%}
    {{ return(adapter.dispatch('list_length', 'fenicio_icommkt')(expression)) }}
{%- endmacro %}

{#- The default, which Spark runs: the number of elements of a list. -#}
{% macro default__list_length(expression) -%}
    size({{ expression }})
{%- endmacro %}

{% macro duckdb__list_length(expression) -%}
    len({{ expression }})
{%- endmacro %}
