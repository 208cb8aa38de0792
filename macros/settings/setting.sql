{%- macro setting(name) -%}
    {{ return(check_setting(name, var(name), 'dbt var (from --vars or dbt_project.yml)')) }}
{%- endmacro %}
