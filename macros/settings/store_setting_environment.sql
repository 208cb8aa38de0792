{%- macro store_setting_environment(name) -%}
    {{ return('FENICIO_' ~ name | upper) }}
{%- endmacro %}
