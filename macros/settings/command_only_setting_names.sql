{#- Store settings only the command line reads (settings.py COMMAND_SETTINGS): accepted in
    settings.yml, not dbt vars, not compared. -#}
{%- macro command_only_setting_names() -%}
    {{ return(['report_language']) }}
{%- endmacro %}
