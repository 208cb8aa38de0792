{#- Today's date in the store's time zone. -#}
{% macro store_today(time_zone) -%}
    {{ return(adapter.dispatch('store_today', 'fenicio_icommkt')(time_zone)) }}
{%- endmacro %}

{% macro default__store_today(time_zone) -%}
    cast(from_utc_timestamp(current_timestamp(), '{{ time_zone }}') as date)
{%- endmacro %}

{% macro duckdb__store_today(time_zone) -%}
    cast(timezone('{{ time_zone }}', current_timestamp) as date)
{%- endmacro %}
