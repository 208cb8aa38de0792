{#- Each order with the store's settings applied: purchase time in store-local time,
    revenue in the base currency, whether it counts as a purchase, whether its email is
    valid, and profile attributes cleaned. Incremental on DuckDB (delete+insert by
    order_number): a run enriches the orders of the loads newer than the table's, or every
    order when settings_fingerprint changed (the status table, the currency rates,
    base_currency, store_timezone or any model). -#}
{%- set fixed_settings = var('base_currency') ~ '|' ~ var('store_timezone') ~ '|' ~ code_version() -%}

with

status_values as (

    select * from {{ ref('stg_settings__status_values') }}

),

currency_rates as (

    select * from {{ ref('stg_settings__currency_rates') }}

),

settings as (

    select bit_xor(setting_hash) as settings_fingerprint
    from (
        select {{ row_hash(['field', 'value', 'counts']) }} as setting_hash
        from status_values
        union all
        select {{ row_hash(['currency', 'rate_to_base']) }} as setting_hash
        from currency_rates
        union all
        select {{ row_hash(["'" ~ fixed_settings ~ "'"]) }} as setting_hash
    ) as setting_rows

),

orders as (

    select * from {{ ref('int_orders_aggregated') }}
    {%- if is_incremental() and built_with_column('settings_fingerprint') %}
    where
        load_sequence > (
            select coalesce(max(built.load_sequence), 0) as built_up_to
            from {{ this }} as built
        )
        or (
            select max(built.settings_fingerprint) as built_with
            from {{ this }} as built
        ) is distinct from (select settings.settings_fingerprint from settings)
    {%- endif %}

),

order_statuses as (

    select
        value as order_status,
        counts
    from status_values
    where field = 'order_status'

),

payment_statuses as (

    select
        value as payment_status,
        counts
    from status_values
    where field = 'payment_status'

),

localised as (

    select
        orders.*,
        coalesce(orders.currency, '{{ var("base_currency") }}') as order_currency,
        {{ to_store_local_time(
            'orders.finished_at_written', 'orders.finished_at_utc_offset_minutes', var('store_timezone')
        ) }} as finished_at,
        {{ to_store_local_time(
            'orders.started_at_written', 'orders.started_at_utc_offset_minutes', var('store_timezone')
        ) }} as started_at
    from orders

),

classified as (

    select
        localised.*,
        coalesce(localised.finished_at, localised.started_at) as purchase_at,
        coalesce(order_statuses.counts, false)
        and (localised.payment_status is null or coalesce(payment_statuses.counts, false))
            as is_counted,
        coalesce({{ regex_full_match('localised.customer_email', "'^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'") }}, false)
            as is_valid_email,
        currency_rates.rate_to_base,
        settings.settings_fingerprint
    from localised
    left join order_statuses
        on localised.order_status = order_statuses.order_status
    left join payment_statuses
        on localised.payment_status = payment_statuses.payment_status
    left join currency_rates
        on localised.order_currency = currency_rates.currency
    cross join settings

),

final as (

    select
        order_number,
        customer_email,
        is_valid_email,
        purchase_at,
        cast(purchase_at as date) as purchase_date,
        finished_at,
        started_at,
        order_status,
        payment_status,
        is_counted,
        order_currency as currency,
        order_amount,
        case
            when order_currency = '{{ var("base_currency") }}'
                then cast(round(order_amount, 2) as decimal(18, 2))
            when rate_to_base is null
                then {{ raise_error(
                    "'no rate_to_base for currency ''' || order_currency || ''' (order '"
                    ~ " || order_number || '): add it to currency_rates'"
                ) }}
            else cast(
                round(cast(order_amount as decimal(38, 6)) * cast(rate_to_base as decimal(38, 6)), 2)
                as decimal(18, 2)
            )
        end as revenue,
        units,
        products,
        categories,
        brands,
        discount_codes,
        line_count,
        buyer_first_name as first_name,
        buyer_last_name as last_name,
        case
            when upper({{ strip_accents('buyer_gender') }}) in ('M', 'MASCULINO', 'MALE', 'HOMBRE', 'MASC')
                then 'M'
            when upper({{ strip_accents('buyer_gender') }}) in ('F', 'FEMENINO', 'FEMININO', 'FEMALE', 'MUJER', 'FEM')
                then 'F'
        end as gender,
        buyer_phone as phone,
        buyer_document as document,
        buyer_document_type as document_type,
        company_tax_id,
        company_name,
        billing_country,
        billing_state,
        billing_city,
        load_sequence,
        source_file_name,
        settings_fingerprint
    from classified

)

select * from final
