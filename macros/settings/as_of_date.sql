{#- The date the metrics are computed for, as a SQL DATE expression: var as_of_date
    (YYYY-MM-DD; an analyst's --vars), else the environment variable FENICIO_AS_OF_DATE
    (how `fenicio-icommkt build --as-of` passes it), else today in store_timezone.

    The command line passes the date through the environment, not as a var: dbt parses
    the whole project again whenever a var changes, but re-parses only the models that
    read an environment variable that changed (README decision 57). -#}
{% macro as_of_date() -%}
    {%- set value = var('as_of_date', none) -%}
    {%- set where = 'var as_of_date' -%}
    {%- if value is none or (value | string | trim) == '' -%}
        {%- set value = env_var('FENICIO_AS_OF_DATE', '') -%}
        {%- set where = 'FENICIO_AS_OF_DATE' -%}
    {%- endif -%}
    {%- if (value | string | trim) == '' -%}
        {{ store_today(var('store_timezone')) }}
    {%- else -%}
        {%- if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', value | string | trim) -%}
            {{ exceptions.raise_compiler_error(where ~ " must be YYYY-MM-DD, got '" ~ value ~ "'") }}
        {%- endif -%}
        cast('{{ value | string | trim }}' as date)
    {%- endif -%}
{%- endmacro %}
