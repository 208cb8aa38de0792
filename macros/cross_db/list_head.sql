{#- The first n elements of a list (all of it when shorter; [] when n = 0). -#}
{% macro list_head(expression, n) -%}
    {{ return(adapter.dispatch('list_head', 'fenicio_icommkt')(expression, n)) }}
{%- endmacro %}

{#- The default, which Spark runs: the first n elements of a list (all of it when shorter; [] when n = 0). slice
    takes an INT length, so n (often a BIGINT count) is cast. -#}
{% macro default__list_head(expression, n) -%}
    slice({{ expression }}, 1, cast({{ n }} as int))
{%- endmacro %}

{% macro duckdb__list_head(expression, n) -%}
    list_slice({{ expression }}, 1, {{ n }})
{%- endmacro %}
