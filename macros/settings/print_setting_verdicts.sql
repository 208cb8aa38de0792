{#- Operation: the verdict of setting_problem for each [name, value] of cases, logged as
    one JSON line (tests/python/test_settings.py checks it agrees with settings.py). -#}
{%- macro print_setting_verdicts(cases) -%}
    {%- set verdicts = [] -%}
    {%- for case in cases -%}
        {%- do verdicts.append(setting_problem(case[0], case[1])) -%}
    {%- endfor -%}
    {{ print('verdicts: ' ~ tojson(verdicts)) }}
{%- endmacro %}
