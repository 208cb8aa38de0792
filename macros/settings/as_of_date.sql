{#- The date the metrics are computed for, as a SQL DATE expression: var as_of_date
    (YYYY-MM-DD), else today in store_timezone. -#}
{% macro as_of_date() -%}
    {%- set value = var('as_of_date', none) -%}
    {%- if value is none or (value | string | trim) == '' -%}
        {{ store_today(var('store_timezone')) }}
    {%- else -%}
        {%- if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', value | string | trim) -%}
            {{ exceptions.raise_compiler_error("var as_of_date must be YYYY-MM-DD, got '" ~ value ~ "'") }}
        {%- endif -%}
        cast('{{ value | string | trim }}' as date)
    {%- endif -%}
{%- endmacro %}
