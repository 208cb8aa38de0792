{#- One profile value as ICOMMKT receives it, by the format kind the contract gives the
    field (never by the column's database type): date, count, units, money, list or
    text. Always text, '' when empty. -#}
{% macro icommkt_value(expression, value_format) -%}
    {%- if value_format == 'date' -%}
        {{ icommkt_format_date(expression) }}
    {%- elif value_format == 'count' -%}
        {{ icommkt_format_count(expression) }}
    {%- elif value_format == 'units' -%}
        {{ icommkt_format_units(expression) }}
    {%- elif value_format == 'money' -%}
        {{ icommkt_format_money(expression) }}
    {%- elif value_format == 'list' -%}
        {{ icommkt_format_list(expression) }}
    {%- elif value_format == 'text' -%}
        {{ icommkt_format_text(expression) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            'unknown ICOMMKT value format ' ~ value_format ~ ' (date, count, units, money, list or text)'
        ) }}
    {%- endif -%}
{%- endmacro %}
