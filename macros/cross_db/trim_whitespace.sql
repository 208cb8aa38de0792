{#- Trim spaces, tabs, CR and LF at both ends (plain trim() removes only spaces). -#}
{% macro trim_whitespace(expression) -%}
    {{ return(adapter.dispatch('trim_whitespace', 'fenicio_icommkt')(expression)) }}
{%- endmacro %}

{% macro default__trim_whitespace(expression) -%}
    regexp_replace({{ expression }}, '^[ \t\r\n]+|[ \t\r\n]+$', '')
{%- endmacro %}

{#- DuckDB: the trim runs only on values whose first or last character may be white
    space (nearly none): trim() with a character list costs 0.4 s per column of 10 M
    lines. A range test, not IN (9, 10, 13, 32), which DuckDB may plan as a join. -#}
{% macro duckdb__trim_whitespace(expression) -%}
    case
        when ascii({{ expression }}) <= 32 or ascii(right({{ expression }}, 1)) <= 32
            then trim({{ expression }}, e' \t\r\n')
        else {{ expression }}
    end
{%- endmacro %}
