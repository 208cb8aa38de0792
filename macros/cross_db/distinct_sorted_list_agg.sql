{#- Aggregate: the distinct non-null values of expression as a list sorted ascending
    (binary). With is_list, expression is itself a list and the lists are merged. -#}
{% macro distinct_sorted_list_agg(expression, is_list=false) -%}
    {{ return(adapter.dispatch('distinct_sorted_list_agg', 'fenicio_icommkt')(expression, is_list)) }}
{%- endmacro %}

{#- The default, which Spark runs: distinct non-null values sorted by code point. Spark strings compare as UTF-8
    bytes (= code point order), like DuckDB's binary collation; array_distinct keeps a
    NULL element where DuckDB's list_distinct drops it, so NULLs are filtered first. -#}
{% macro default__distinct_sorted_list_agg(expression, is_list=false) -%}
    {%- if is_list -%}
        array_sort(array_distinct(filter(flatten(collect_list({{ expression }})), element -> element is not null)))
    {%- else -%}
        array_sort(collect_set({{ expression }}))
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__distinct_sorted_list_agg(expression, is_list=false) -%}
    {%- if is_list -%}
        coalesce(list_sort(list_distinct(flatten(list(list_filter({{ expression }}, lambda x: x is not null))))), [])
    {%- else -%}
        coalesce(list_sort(list_distinct(list({{ expression }}))), [])
    {%- endif -%}
{%- endmacro %}
