{#- One row per customer with an order as of the as-of date: for each list kind
    (products, categories, discount codes) and each scope, the distinct values bought in
    the scope, most recently bought first (ties by value); NULL lists for a customer
    without a counted order. A table of its own: computed inside customer_profiles it
    competed with the mart's joins for memory and spilled. Incremental on DuckDB like
    int_customer_purchases: only the customers whose orders_fingerprint changed. Built
    after int_customer_purchases: side by side, the two aggregations competed for the
    memory limit and took 56 s at 10 M lines, against 10 s + 22 s one after the other. -#}
{%- set scopes = purchase_window_scopes() -%}
{%- set list_kinds = list_kinds() -%}
{%- set bounded_scopes = scopes | selectattr('upper') | list -%}
{%- set open_scope = scopes | selectattr('lower') | first -%}

-- depends_on: {{ ref('int_customer_purchases') }}
with

rebuilt_customers as (

    {{ customers_to_rebuild(ref('int_customer_fingerprints')) }}

),

counted_orders as (

    select * from {{ ref('int_customer_orders_windowed') }}
    where
        is_counted
        {%- if is_incremental() %}
        and customer_email in (select rebuilt_customers.customer_email from rebuilt_customers)
        {%- endif %}

),

list_values as (

    {% for kind in list_kinds %}
    {% if not loop.first %}
    union all
    {% endif %}
    select
        customer_email,
        '{{ kind }}' as list_kind,
        {{ explode_list(kind) }} as list_value,
        purchase_at,
        days_ago
    from counted_orders
    {% endfor %}

),

list_value_recency as (

    -- one group by (customer, kind, value) for every scope: when the value was last
    -- bought, how many days before the as-of date, and last bought in the open window
    select
        customer_email,
        list_kind,
        list_value,
        max(purchase_at) as last_bought_at,
        min(days_ago) as min_days_ago,
        max(case when {{ scope_condition(open_scope) }} then purchase_at end) as last_bought_at_open
    from list_values
    group by customer_email, list_kind, list_value

),

customer_lists_ordered as (

    -- Window N's list is a prefix of the lifetime list: ordered by last_bought_at desc,
    -- a value is in window N exactly when it was last bought fewer than N days ago. So
    -- each kind needs one ordered list for the lifetime, one for the open window, and a
    -- count per window.
    select
        {% for kind in list_kinds %}
        {{ ordered_list_agg(
            'list_value', 'last_bought_at desc, list_value asc', "list_kind = '" ~ kind ~ "'"
        ) }} as {{ kind }}_total,
        {{ ordered_list_agg(
            'list_value',
            'last_bought_at_open desc, list_value asc',
            "list_kind = '" ~ kind ~ "' and last_bought_at_open is not null"
        ) }} as {{ kind }}_{{ open_scope.name }},
        {% for scope in bounded_scopes %}
        count(
            case when list_kind = '{{ kind }}' and {{ scope_condition(scope, 'min_days_ago') }} then 1 end
        ) as {{ kind }}_count_{{ scope.name }},
        {% endfor %}
        {% endfor %}
        customer_email
    from list_value_recency
    group by customer_email

),

customer_lists as (

    select
        {% for kind in list_kinds %}
        {% for scope in bounded_scopes %}
        {{ list_head(kind ~ '_total', kind ~ '_count_' ~ scope.name) }} as {{ kind }}_{{ scope.name }},
        {% endfor %}
        {{ kind }}_{{ open_scope.name }},
        {{ kind }}_total,
        {% endfor %}
        customer_email
    from customer_lists_ordered

),

final as (

    select
        rebuilt_customers.customer_email,
        {% for kind in list_kinds %}
        {% for scope in scopes %}
        customer_lists.{{ kind }}_{{ scope.name }},
        {% endfor %}
        {% endfor %}
        rebuilt_customers.orders_fingerprint
    from rebuilt_customers
    left join customer_lists
        on rebuilt_customers.customer_email = customer_lists.customer_email

)

select * from final
