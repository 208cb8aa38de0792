{#- A select of the value the segment history tracks, (rfm_group, lifetime rfm_segment),
    for every row of customer_states (recorded_date, customer_email, orders_total,
    last_purchase_date_total): R ranked among the rows of the same recorded_date with an
    order, F from the thresholds, the segment from rfm_segments, the group from F; a
    prospect's segment is empty. The same macros as customer_profiles' lifetime scope, so
    one rule gives both. -#}
{% macro rfm_tracked_values(customer_states, rfm_segments) -%}
    select
        scored_states.recorded_date,
        scored_states.customer_email,
        {{ rfm_group('scored_states.f_score') }} as rfm_group,
        segments.rfm_segment
    from (
        select
            recorded_date,
            customer_email,
            {{ rfm_score('last_purchase_date_total', 'orders_total > 0', partition_by='recorded_date') }}
                as r_score,
            {{ rfm_score('orders_total', 'orders_total > 0', var('rfm_frequency_thresholds')) }} as f_score
        from {{ customer_states }}
    ) as scored_states
    left join {{ rfm_segments }} as segments
        on
            scored_states.r_score = segments.r_score
            and scored_states.f_score = segments.f_score
{%- endmacro %}
