{#- amount / count rounded to 2 decimals half away from zero, in exact integer
    arithmetic on cents (DECIMAL / INTEGER would be a DOUBLE); NULL when count = 0. -#}
{% macro money_quotient(amount, count) -%}
    case
        when {{ count }} > 0
            then cast(
                cast(
                    sign({{ amount }})
                    * {{ integer_divide(
                        '2 * abs(cast(' ~ amount ~ ' * 100 as bigint)) + ' ~ count,
                        '2 * ' ~ count
                    ) }}
                    as decimal(38, 0)
                ) * 0.01 as decimal(18, 2)
            )
    end
{%- endmacro %}
