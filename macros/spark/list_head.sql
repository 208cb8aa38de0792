{#- Spark: the first n elements of a list (all of it when shorter; [] when n = 0). slice
    takes an INT length, so n (often a BIGINT count) is cast. -#}
{% macro spark__list_head(expression, n) -%}
    slice({{ expression }}, 1, cast({{ n }} as int))
{%- endmacro %}
