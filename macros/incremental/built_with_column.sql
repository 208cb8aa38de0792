{#- True when the model's existing table ({{ this }}) has the column: a table built by an
    older version of the project may not, and is then recomputed whole. A unit test's
    `this` is a fixture, built as the model is now. -#}
{% macro built_with_column(column_name) -%}
    {%- if this is string or not execute -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set built_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {{ return(column_name | lower in built_columns) }}
{%- endmacro %}
