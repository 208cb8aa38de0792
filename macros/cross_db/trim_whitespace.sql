{#- Trim spaces, tabs, CR and LF at both ends (plain trim() removes only spaces). -#}
{% macro trim_whitespace(expression) -%}
    {{ return(adapter.dispatch('trim_whitespace', 'fenicio_icommkt')(expression)) }}
{%- endmacro %}

{% macro default__trim_whitespace(expression) -%}
    regexp_replace({{ expression }}, '^[ \t\r\n]+|[ \t\r\n]+$', '')
{%- endmacro %}

{% macro duckdb__trim_whitespace(expression) -%}
    trim({{ expression }}, e' \t\r\n')
{%- endmacro %}
