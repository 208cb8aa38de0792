{#- The text with every email-like word replaced by '<email>': ICOMMKT's rejection
    messages may quote the address, and the report holds nothing personal. -#}
{% macro mask_emails(expression) -%}
    {{ return(adapter.dispatch('mask_emails', 'fenicio_icommkt')(expression)) }}
{%- endmacro %}

{#- Spark (Java regular expressions; its SQL parser turns '\\s' into \s): replaces every match. -#}
{% macro default__mask_emails(expression) -%}
    regexp_replace({{ expression }}, '[^\\s@<>]+@[^\\s@<>]+', '<email>')
{%- endmacro %}

{% macro duckdb__mask_emails(expression) -%}
    regexp_replace({{ expression }}, '[^\s@<>]+@[^\s@<>]+', '<email>', 'g')
{%- endmacro %}
