{#- The scopes metrics are computed for, from var purchase_windows: each window N
    (days_ago < N), the open window <largest>_plus (days_ago >= largest) and, with
    include_total, the lifetime 'total'. Each scope: {name, lower, upper}. -#}
{% macro purchase_window_scopes(include_total=true) -%}
    {%- set windows = setting('purchase_windows') -%}
    {%- set scopes = [] -%}
    {%- for days in windows -%}
        {%- do scopes.append({'name': days | string, 'lower': none, 'upper': days}) -%}
    {%- endfor -%}
    {%- do scopes.append({'name': (windows | last | string) ~ '_plus', 'lower': windows | last, 'upper': none}) -%}
    {%- if include_total -%}
        {%- do scopes.append({'name': 'total', 'lower': none, 'upper': none}) -%}
    {%- endif -%}
    {{ return(scopes) }}
{%- endmacro %}
