{#- A text expression as a JSON string literal (quoted and escaped), for building the
    contact payload; NULL gives "". -#}
{% macro icommkt_json_string(expression) -%}
    {{ return(adapter.dispatch('icommkt_json_string', 'fenicio_icommkt')(expression)) }}
{%- endmacro %}

{#- Spark: to_json takes a struct, so wrap the value as {"v": ...} and cut the wrapper off. -#}
{% macro default__icommkt_json_string(expression) -%}
    regexp_extract(to_json(named_struct('v', coalesce(cast({{ expression }} as string), ''))), '^[{]"v":(.*)[}]$', 1)
{%- endmacro %}

{% macro duckdb__icommkt_json_string(expression) -%}
    cast(to_json(coalesce(cast({{ expression }} as varchar), '')) as varchar)
{%- endmacro %}
