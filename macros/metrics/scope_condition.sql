{#- SQL condition: an order with days_ago_column is in scope (see purchase_window_scopes). -#}
{% macro scope_condition(scope, days_ago_column='days_ago') -%}
    {%- if scope.upper is not none -%}
        {{ days_ago_column }} < {{ scope.upper }}
    {%- elif scope.lower is not none -%}
        {{ days_ago_column }} >= {{ scope.lower }}
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}
