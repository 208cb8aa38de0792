{#- SQL integer: the position (0-based) of the first of scopes whose condition the
    order meets; the open window comes last, so every order has one. -#}
{% macro scope_index(scopes, days_ago_column='days_ago') -%}
    case
        {%- for scope in scopes %}
        when {{ scope_condition(scope, days_ago_column) }} then {{ loop.index0 }}
        {%- endfor %}
    end
{%- endmacro %}
