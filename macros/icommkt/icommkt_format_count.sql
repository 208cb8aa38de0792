{#- ICOMMKT count format: a plain integer; '' when empty (doc icommkt_format_count). -#}
{% macro icommkt_format_count(expression) -%}
    coalesce(cast(cast({{ expression }} as bigint) as {{ dbt.type_string() }}), '')
{%- endmacro %}
