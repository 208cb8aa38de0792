{#- A status as compared with the status table: trimmed, accents stripped, upper-case,
    each run of white space replaced by one underscore. -#}
{% macro normalise_status(expression) -%}
    {{ return(adapter.dispatch('normalise_status', 'fenicio_icommkt')(expression)) }}
{%- endmacro %}

{% macro default__normalise_status(expression) -%}
    regexp_replace(upper({{ strip_accents(clean_text(expression)) }}), '\\s+', '_')
{%- endmacro %}

{% macro duckdb__normalise_status(expression) -%}
    regexp_replace(upper({{ strip_accents(clean_text(expression)) }}), '\s+', '_', 'g')
{%- endmacro %}
