{#- Integer division of two non-negative integers (floor), exact. -#}
{% macro integer_divide(numerator, denominator) -%}
    {{ return(adapter.dispatch('integer_divide', 'fenicio_icommkt')(numerator, denominator)) }}
{%- endmacro %}

{#- The default, which Spark runs: exact integer division with `div` (truncates; equals floor for the non-negative
    operands this macro takes). Not floor(decimal / decimal), whose quotient Spark rounds
    to a fixed scale and can round up to the next integer for large denominators. -#}
{% macro default__integer_divide(numerator, denominator) -%}
    cast(({{ numerator }}) div ({{ denominator }}) as bigint)
{%- endmacro %}

{% macro duckdb__integer_divide(numerator, denominator) -%}
    (({{ numerator }}) // ({{ denominator }}))
{%- endmacro %}
