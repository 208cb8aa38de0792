{#- For every scope: scores in 1..5, present exactly when the scope has an order, the
    rfm_code their three digits, and the average empty exactly when orders = 0. -#}
{% test rfm_scores_are_consistent(model) %}

select *
from {{ model }}
where
    false
    {%- for scope in purchase_window_scopes() %}
    {%- for score in ['r_score', 'f_score', 'm_score'] %}
    or {{ score }}_{{ scope.name }} not between 1 and 5
    or ({{ score }}_{{ scope.name }} is null) != (orders_{{ scope.name }} = 0)
    {%- endfor %}
    or (avg_order_value_{{ scope.name }} is null) != (orders_{{ scope.name }} = 0)
    or (rfm_segment_{{ scope.name }} is null) != (orders_{{ scope.name }} = 0)
    or rfm_code_{{ scope.name }} != cast(r_score_{{ scope.name }} as {{ dbt.type_string() }})
    || cast(f_score_{{ scope.name }} as {{ dbt.type_string() }})
    || cast(m_score_{{ scope.name }} as {{ dbt.type_string() }})
    {%- endfor %}

{% endtest %}
