{#- Today's date in the store's time zone. -#}
{% macro store_today(time_zone) -%}
    {{ return(adapter.dispatch('store_today', 'fenicio_icommkt')(time_zone)) }}
{%- endmacro %}

{#- The default, which Spark runs: today's date in time_zone, whatever the session time zone: the current instant
    as UTC wall-clock time, then as wall-clock time in time_zone. -#}
{% macro default__store_today(time_zone) -%}
    cast(from_utc_timestamp(to_utc_timestamp(current_timestamp(), current_timezone()), '{{ time_zone }}') as date)
{%- endmacro %}

{% macro duckdb__store_today(time_zone) -%}
    cast(timezone('{{ time_zone }}', current_timestamp) as date)
{%- endmacro %}
