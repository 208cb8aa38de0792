{#- The value of a SQL aggregate over the model's existing table ({{ this }}), such as
    `coalesce(max(load_sequence), 0)`, as a literal read when the model runs. A filter on a
    literal reaches the scan below it, so DuckDB skips the landed files and row groups
    that cannot match; a subquery's value is known only while the query runs, and every
    row is read (README decision 58). In a unit test (`this` is a fixture) and while dbt
    parses: the subquery itself. Numbers and booleans only. -#}
{% macro built_value(expression) -%}
    {%- if execute and this is not string -%}
        {%- set value = run_query('select ' ~ expression ~ ' from ' ~ this).columns[0].values()[0] -%}
        {%- if value is none -%}
            {{ return('null') }}
        {%- elif value is sameas true or value is sameas false -%}
            {{ return(value | string | lower) }}
        {%- elif value is number -%}
            {{ return(value | string) }}
        {%- else -%}
            {{ exceptions.raise_compiler_error('built_value: ' ~ expression ~ ' is not a number or a boolean') }}
        {%- endif -%}
    {%- endif -%}
    {{ return('(select ' ~ expression ~ ' from ' ~ this ~ ')') }}
{%- endmacro %}
