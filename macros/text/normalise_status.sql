{#- A status as compared with the status table: trimmed, accents stripped, upper-case,
    each run of white space replaced by one underscore. -#}
{% macro normalise_status(expression) -%}
    {{ return(adapter.dispatch('normalise_status', 'fenicio_icommkt')(expression)) }}
{%- endmacro %}

{#- The default, which Spark runs: trimmed, accents stripped, upper-case, each run of white space to '_'. White
    space is RE2's \s (space, tab, LF, FF, CR), which DuckDB uses; Java's \s also matches
    a vertical tab, so the class is spelled out with chr(). -#}
{% macro default__normalise_status(expression) -%}
    regexp_replace(
        upper({{ strip_accents(clean_text(expression)) }}),
        concat('[ ', chr(9), chr(10), chr(12), chr(13), ']+'),
        '_'
    )
{%- endmacro %}

{% macro duckdb__normalise_status(expression) -%}
    regexp_replace(upper({{ strip_accents(clean_text(expression)) }}), '\s+', '_', 'g')
{%- endmacro %}
