{#- For each metric, metric_<largest> + metric_<largest>_plus = metric_total. -#}
{% test windows_split_lifetime(model, metrics) %}
{%- set scopes = purchase_window_scopes(include_total=false) %}
{%- set largest = scopes[-2] %}
{%- set open_window = scopes[-1] %}

select *
from {{ model }}
where
    false
    {%- for metric in metrics %}
    or {{ metric }}_{{ largest.name }} + {{ metric }}_{{ open_window.name }} != {{ metric }}_total
    {%- endfor %}

{% endtest %}
