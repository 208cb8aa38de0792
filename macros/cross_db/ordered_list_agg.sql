{#- Aggregate: the values of expression (already distinct) as a list ordered by
    order_by (a SQL order-by clause), keeping only rows where condition holds. -#}
{% macro ordered_list_agg(expression, order_by, condition='true') -%}
    {{ return(adapter.dispatch('ordered_list_agg', 'fenicio_icommkt')(expression, order_by, condition)) }}
{%- endmacro %}

{% macro default__ordered_list_agg(expression, order_by, condition='true') -%}
    coalesce(
        array_agg(case when {{ condition }} then {{ expression }} end) within group (order by {{ order_by }}),
        array()
    )
{%- endmacro %}

{% macro duckdb__ordered_list_agg(expression, order_by, condition='true') -%}
    coalesce(list({{ expression }} order by {{ order_by }}) filter (where {{ condition }}), [])
{%- endmacro %}
