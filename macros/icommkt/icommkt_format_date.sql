{#- ICOMMKT date format: dd/mm/yyyy; '' when empty (doc icommkt_format_date). -#}
{% macro icommkt_format_date(expression) -%}
    {{ return(adapter.dispatch('icommkt_format_date', 'fenicio_icommkt')(expression)) }}
{%- endmacro %}

{% macro default__icommkt_format_date(expression) -%}
    coalesce(date_format(cast({{ expression }} as date), 'dd/MM/yyyy'), '')
{%- endmacro %}

{% macro duckdb__icommkt_format_date(expression) -%}
    coalesce(strftime(cast({{ expression }} as date), '%d/%m/%Y'), '')
{%- endmacro %}
