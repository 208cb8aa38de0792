{#- The relation holding the values this build tracks in the segment history: the
    replayed past dates when var history_dates is set (`history start`), else the as-of
    date's (int_customer_segments_scored). Models that call it declare both refs in a
    `depends_on` comment. -#}
{% macro history_tracked_values() -%}
    {%- if history_dates() | length > 0 -%}
        {{ return(ref('int_customer_segments_replayed')) }}
    {%- endif -%}
    {{ return(ref('int_customer_segments_scored')) }}
{%- endmacro %}
