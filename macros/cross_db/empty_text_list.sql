{#- An empty list of text, typed. -#}
{% macro empty_text_list() -%}
    {{ return(adapter.dispatch('empty_text_list', 'fenicio_icommkt')()) }}
{%- endmacro %}

{#- The default, which Spark runs: an empty, typed list of text. -#}
{% macro default__empty_text_list() -%}
    cast(array() as array<string>)
{%- endmacro %}

{% macro duckdb__empty_text_list() -%}
    cast([] as varchar [])
{%- endmacro %}
