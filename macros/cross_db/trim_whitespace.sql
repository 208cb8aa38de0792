{#- Trim spaces, tabs, CR and LF at both ends (plain trim() removes only spaces). -#}
{% macro trim_whitespace(expression) -%}
    {{ return(adapter.dispatch('trim_whitespace', 'fenicio_icommkt')(expression)) }}
{%- endmacro %}

{#- The default, which Spark runs: trim spaces, tabs, CR and LF at both ends (trim() removes only spaces). The set
    is built with chr() so no backslash escape depends on the parser's string settings. -#}
{% macro default__trim_whitespace(expression) -%}
    btrim({{ expression }}, concat(' ', chr(9), chr(10), chr(13)))
{%- endmacro %}

{% macro duckdb__trim_whitespace(expression) -%}
    trim({{ expression }}, e' \t\r\n')
{%- endmacro %}
