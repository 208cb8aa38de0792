-- The concrete column list of customer_profiles for the current var purchase_windows,
-- with the doc family each column belongs to: `dbt compile -s customer_profiles_columns`
-- then run the compiled SQL (the YAML documents `<metric>_{S}` once per family).
{%- set families = [
    'orders', 'revenue', 'units', 'avg_order_value', 'products', 'categories',
    'discount_codes', 'r_score', 'f_score', 'm_score', 'rfm_code', 'rfm_segment',
] %}

with

scope_columns as (

    {% for family in families %}
    {% set family_loop = loop %}
    {% for scope in purchase_window_scopes() %}
    {% if not (family_loop.first and loop.first) %}
    union all
    {% endif %}
    select
        '{{ family }}_{{ scope.name }}' as column_name,
        '{{ family }}_{S}' as documented_as,
        '{{ scope.name }}' as scope_name
    {% endfor %}
    {% endfor %}

)

select * from scope_columns
