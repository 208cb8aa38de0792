{#- Spark: an empty, typed list of text. -#}
{% macro spark__empty_text_list() -%}
    cast(array() as array<string>)
{%- endmacro %}
