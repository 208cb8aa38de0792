{#- Whole days from start_date to end_date (end - start), both DATE. -#}
{% macro days_between(start_date, end_date) -%}
    {{ return(adapter.dispatch('days_between', 'fenicio_icommkt')(start_date, end_date)) }}
{%- endmacro %}

{#- The default, which Spark runs: whole days from start_date to end_date (end - start), both DATE. -#}
{% macro default__days_between(start_date, end_date) -%}
    datediff({{ end_date }}, {{ start_date }})
{%- endmacro %}

{% macro duckdb__days_between(start_date, end_date) -%}
    cast(date_diff('day', {{ start_date }}, {{ end_date }}) as integer)
{%- endmacro %}
