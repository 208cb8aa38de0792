{#- ICOMMKT text format: the value as it is; '' when empty (doc icommkt_format_text). -#}
{% macro icommkt_format_text(expression) -%}
    coalesce(cast({{ expression }} as {{ dbt.type_string() }}), '')
{%- endmacro %}
