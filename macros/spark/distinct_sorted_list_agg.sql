{#- Spark: distinct non-null values sorted by code point. Spark strings compare as UTF-8
    bytes (= code point order), like DuckDB's binary collation; array_distinct keeps a
    NULL element where DuckDB's list_distinct drops it, so NULLs are filtered first. -#}
{% macro spark__distinct_sorted_list_agg(expression, is_list=false) -%}
    {%- if is_list -%}
        array_sort(array_distinct(filter(flatten(collect_list({{ expression }})), element -> element is not null)))
    {%- else -%}
        array_sort(collect_set({{ expression }}))
    {%- endif -%}
{%- endmacro %}
