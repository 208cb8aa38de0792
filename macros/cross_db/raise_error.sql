{#- An expression that fails the query with message (a SQL string expression) when it
    is evaluated; use it inside a case branch. -#}
{% macro raise_error(message) -%}
    {{ return(adapter.dispatch('raise_error', 'fenicio_icommkt')(message)) }}
{%- endmacro %}

{#- The default, which Spark runs: fail the query with message when evaluated. -#}
{% macro default__raise_error(message) -%}
    raise_error({{ message }})
{%- endmacro %}

{% macro duckdb__raise_error(message) -%}
    error({{ message }})
{%- endmacro %}
