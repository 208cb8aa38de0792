{#- Spark: trim spaces, tabs, CR and LF at both ends (trim() removes only spaces). The set
    is built with chr() so no backslash escape depends on the parser's string settings. -#}
{% macro spark__trim_whitespace(expression) -%}
    btrim({{ expression }}, concat(' ', chr(9), chr(10), chr(13)))
{%- endmacro %}
