{#- ICOMMKT money format: '.' as decimal separator, exactly 2 decimals, no thousands
    separator; '' when empty (doc icommkt_format_money). -#}
{% macro icommkt_format_money(expression) -%}
    coalesce(cast(cast({{ expression }} as decimal(38, 2)) as {{ dbt.type_string() }}), '')
{%- endmacro %}
