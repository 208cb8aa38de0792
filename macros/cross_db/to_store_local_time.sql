{#- A wall-clock timestamp written with a UTC offset (minutes; NULL = already store-local)
    as store-local wall-clock time in time_zone. -#}
{% macro to_store_local_time(wall_clock, offset_minutes, time_zone) -%}
    {{ return(adapter.dispatch('to_store_local_time', 'fenicio_icommkt')(wall_clock, offset_minutes, time_zone)) }}
{%- endmacro %}

{% macro default__to_store_local_time(wall_clock, offset_minutes, time_zone) -%}
    case
        when {{ offset_minutes }} is null then {{ wall_clock }}
        else convert_timezone(
            'UTC',
            '{{ time_zone }}',
            {{ wall_clock }} - {{ offset_minutes }} * interval '1 minute'
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
