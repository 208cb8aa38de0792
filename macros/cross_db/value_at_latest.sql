{#- Aggregate: expression at the row with the greatest sort_key (a tuple of columns),
    ignoring rows where expression is null. -#}
{% macro value_at_latest(expression, sort_key) -%}
    {{ return(adapter.dispatch('value_at_latest', 'fenicio_icommkt')(expression, sort_key)) }}
{%- endmacro %}

{% macro default__value_at_latest(expression, sort_key) -%}
    max_by({{ expression }}, struct({{ sort_key | join(', ') }}))
{%- endmacro %}

{% macro duckdb__value_at_latest(expression, sort_key) -%}
    arg_max({{ expression }}, ({{ sort_key | join(', ') }}))
{%- endmacro %}
