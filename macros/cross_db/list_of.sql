{#- A list literal built from SQL expressions (NULL elements kept). -#}
{% macro list_of(expressions) -%}
    {{ return(adapter.dispatch('list_of', 'fenicio_icommkt')(expressions)) }}
{%- endmacro %}

{#- The default, which Spark runs: a list literal built from SQL expressions (NULL elements kept). -#}
{% macro default__list_of(expressions) -%}
    array({{ expressions | join(', ') }})
{%- endmacro %}

{% macro duckdb__list_of(expressions) -%}
    list_value({{ expressions | join(', ') }})
{%- endmacro %}
