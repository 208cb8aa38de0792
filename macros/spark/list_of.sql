{#- Spark: a list literal built from SQL expressions (NULL elements kept). -#}
{% macro spark__list_of(expressions) -%}
    array({{ expressions | join(', ') }})
{%- endmacro %}
