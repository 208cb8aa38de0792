{#- Spark: the number of elements of a list. -#}
{% macro spark__list_length(expression) -%}
    size({{ expression }})
{%- endmacro %}
