{#- A wall-clock timestamp written with a UTC offset (minutes; NULL = already store-local)
    as store-local wall-clock time in time_zone. -#}
{% macro to_store_local_time(wall_clock, offset_minutes, time_zone) -%}
    {{ return(adapter.dispatch('to_store_local_time', 'fenicio_icommkt')(wall_clock, offset_minutes, time_zone)) }}
{%- endmacro %}

{#- The default, which Spark runs: a wall-clock timestamp written with a UTC offset (minutes; NULL = already
    store-local) as store-local wall-clock time. Landed TIMESTAMPs read as TIMESTAMP_NTZ
    (no zone), so the arithmetic never depends on the session time zone. -#}
{% macro default__to_store_local_time(wall_clock, offset_minutes, time_zone) -%}
    case
        when {{ offset_minutes }} is null then cast({{ wall_clock }} as timestamp_ntz)
        else convert_timezone(
            'UTC',
            '{{ time_zone }}',
            timestampadd(minute, -cast({{ offset_minutes }} as bigint), cast({{ wall_clock }} as timestamp_ntz))
        )
    end
{%- endmacro %}

{% macro duckdb__to_store_local_time(wall_clock, offset_minutes, time_zone) -%}
    case
        when {{ offset_minutes }} is null then {{ wall_clock }}
        else timezone(
            '{{ time_zone }}',
            timezone('UTC', {{ wall_clock }} - to_minutes(cast({{ offset_minutes }} as bigint)))
        )
    end
{%- endmacro %}
