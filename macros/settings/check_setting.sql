{#- The value checked and normalised; a compile error naming where otherwise. -#}
{%- macro check_setting(name, value, where) -%}
    {%- set checked = setting_problem(name, value) -%}
    {%- if checked.problem -%}
        {{ exceptions.raise_compiler_error(where ~ ': ' ~ checked.problem) }}
    {%- endif -%}
    {{ return(checked.value) }}
{%- endmacro %}
