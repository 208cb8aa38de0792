{#- The contract's RFM score of value (more is better) among the rows where in_scope:
    rank = 1 + number strictly smaller; 1 when n = 1, else
    min(5, 1 + floor(5 * (rank - 1) / (n - 1))) in integer arithmetic; NULL outside.
    With thresholds (F): 1 + the number of thresholds value reaches. partition_by ranks
    each group of rows on its own (the segment history scores many as-of dates at once). -#}
{% macro rfm_score(value, in_scope, thresholds=none, partition_by=none) -%}
    {%- set partition = (partition_by ~ ', ' if partition_by else '') ~ in_scope -%}
    {%- if thresholds is not none -%}
        case
            when {{ in_scope }}
                then cast(1
                {%- for threshold in thresholds %}
                    + case when {{ value }} >= {{ threshold }} then 1 else 0 end
                {%- endfor %} as integer)
        end
    {%- else -%}
        case
            when {{ in_scope }}
                then cast(case
                    when count(*) over (partition by {{ partition }}) = 1 then 1
                    else least(
                        5,
                        1 + {{ integer_divide(
                            '5 * (rank() over (partition by ' ~ partition ~ ' order by ' ~ value ~ ') - 1)',
                            'count(*) over (partition by ' ~ partition ~ ') - 1'
                        ) }}
                    )
                end as integer)
        end
    {%- endif -%}
{%- endmacro %}
