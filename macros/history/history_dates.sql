{#- The past as-of dates `fenicio-icommkt history start` records in one build (var
    history_dates: a list, or a comma-separated text, of YYYY-MM-DD), sorted and without
    repeats; an empty list when the var is unset (an ordinary build records its as-of
    date). -#}
{% macro history_dates() -%}
    {%- set raw = var('history_dates', none) -%}
    {%- if raw is none or (raw is string and raw | trim == '') -%}
        {{ return([]) }}
    {%- endif -%}
    {%- if raw is string -%}
        {%- set raw = raw.split(',') -%}
    {%- endif -%}
    {%- set dates = [] -%}
    {%- for value in raw -%}
        {%- set text = value | string | trim -%}
        {%- if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', text) -%}
            {{ exceptions.raise_compiler_error("var history_dates: expected YYYY-MM-DD dates, got '" ~ text ~ "'") }}
        {%- endif -%}
        {%- if text not in dates -%}
            {%- do dates.append(text) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(dates | sort) }}
{%- endmacro %}
