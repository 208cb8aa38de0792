{#- The text of <data dir>/config/settings.yml, or none when there is none. Spark: none
    (Jinja cannot read a file; `fenicio-icommkt build` passes the store's settings, and
    export refuses profiles built with others). -#}
{%- macro store_settings_file_text(path) -%}
    {{ return(adapter.dispatch('store_settings_file_text', 'fenicio_icommkt')(path)) }}
{%- endmacro %}

{%- macro default__store_settings_file_text(path) -%}
    {{ return(none) }}
{%- endmacro %}

{%- macro duckdb__store_settings_file_text(path) -%}
    {%- set literal = "'" ~ path | replace("'", "''") ~ "'" -%}
    {%- set found = run_query('select count(*) from glob(' ~ literal ~ ')') -%}
    {%- if found.columns[0].values()[0] == 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set content = run_query('select content from read_text(' ~ literal ~ ')') -%}
    {{ return(content.columns[0].values()[0] or '') }}
{%- endmacro %}
