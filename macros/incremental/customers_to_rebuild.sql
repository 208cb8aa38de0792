{#- The customers a per-customer model must (re)compute, with their current
    orders_fingerprint (from int_customer_fingerprints). A full build: every customer
    with an order. An incremental run: only the customers whose fingerprint differs from
    the one stored in the model ({{ this }}), new customers, and customers who no longer
    have any order (their fingerprint is NULL: the model writes them an empty row, which
    replaces the stale one and which readers skip). A table built before fingerprints
    existed is recomputed for every customer it or the fingerprints hold. -#}
{% macro customers_to_rebuild(fingerprints) -%}
    {%- if is_incremental() %}
    select
        coalesce(current_fingerprints.customer_email, built.customer_email) as customer_email,
        current_fingerprints.orders_fingerprint
    from {{ fingerprints }} as current_fingerprints
    full outer join {{ this }} as built
        on current_fingerprints.customer_email = built.customer_email
    {%- if built_with_column('orders_fingerprint') %}
    where current_fingerprints.orders_fingerprint is distinct from built.orders_fingerprint
    {%- endif %}
    {%- else %}
    select
        customer_email,
        orders_fingerprint
    from {{ fingerprints }}
    {%- endif %}
{%- endmacro %}
