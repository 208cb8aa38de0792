{#- Spark: fail the query with message when evaluated. -#}
{% macro spark__raise_error(message) -%}
    raise_error({{ message }})
{%- endmacro %}
