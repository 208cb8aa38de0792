{#- A text value trimmed of spaces, tabs, CR and LF; NULL when nothing is left. -#}
{% macro clean_text(expression) -%}
    nullif({{ trim_whitespace(expression) }}, '')
{%- endmacro %}
