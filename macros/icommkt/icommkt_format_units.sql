{#- ICOMMKT units format: a plain number without trailing zeros (3, 2.5); '' when empty
    (doc icommkt_format_units). The value is first fixed at 6 decimals (the landed
    precision), then trailing zeros and a bare point are dropped: [.] instead of an
    escaped point, which the two engines' string literals read differently. -#}
{% macro icommkt_format_units(expression) -%}
    coalesce(
        regexp_replace(
            cast(cast({{ expression }} as decimal(38, 6)) as {{ dbt.type_string() }}), '[.]?0*$', ''
        ),
        ''
    )
{%- endmacro %}
