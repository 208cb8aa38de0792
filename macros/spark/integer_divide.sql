{#- Spark: exact integer division with `div` (truncates; equals floor for the non-negative
    operands this macro takes). Not floor(decimal / decimal), whose quotient Spark rounds
    to a fixed scale and can round up to the next integer for large denominators. -#}
{% macro spark__integer_divide(numerator, denominator) -%}
    cast(({{ numerator }}) div ({{ denominator }}) as bigint)
{%- endmacro %}
