{#- For each metric, metric_N <= metric_M for consecutive windows N < M of var
    purchase_windows (a smaller window holds a subset of the orders). -#}
{% test windows_are_nested(model, metrics) %}
{%- set windows = purchase_window_scopes(include_total=false) | selectattr('upper') | list %}

select *
from {{ model }}
where
    false
    {%- for metric in metrics %}
    {%- for scope in windows[:-1] %}
    or {{ metric }}_{{ scope.name }} > {{ metric }}_{{ windows[loop.index].name }}
    {%- endfor %}
    {%- endfor %}

{% endtest %}
