{#- Spark: today's date in time_zone, whatever the session time zone: the current instant
    as UTC wall-clock time, then as wall-clock time in time_zone. -#}
{% macro spark__store_today(time_zone) -%}
    cast(from_utc_timestamp(to_utc_timestamp(current_timestamp(), current_timezone()), '{{ time_zone }}') as date)
{%- endmacro %}
