{#- Spark: xxhash64 (BIGINT). -#}
{% macro spark__row_hash(expressions) -%}
    xxhash64({{ expressions | join(', ') }})
{%- endmacro %}
