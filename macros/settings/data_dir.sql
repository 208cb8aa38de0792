{#- The store's data dir: var data_dir when it is set to a path, else $FENICIO_DATA_DIR,
    else 'data' (dbt does not render the Jinja in dbt_project.yml var defaults). -#}
{% macro data_dir() -%}
    {%- set value = var('data_dir', none) -%}
    {%- if value is none or (value | string | trim) == '' or '{' in (value | string) -%}
        {{ return(env_var('FENICIO_DATA_DIR', 'data')) }}
    {%- else -%}
        {{ return(value | string) }}
    {%- endif -%}
{%- endmacro %}
