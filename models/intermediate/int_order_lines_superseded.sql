{#- Lines of each order's latest version: for every order_number only the lines of the
    most recently loaded file that holds it. Incremental on DuckDB: a run reads only the
    files loaded since the last one and replaces their orders whole (delete+insert by
    order_number). No var or seed is read here, so no setting can leave stale rows. -#}
with

staged_lines as (

    select
        load_sequence,
        source_file_name,
        record_number,
        order_number,
        customer_email,
        order_status,
        payment_status,
        currency,
        started_at_written,
        started_at_utc_offset_minutes,
        finished_at_written,
        finished_at_utc_offset_minutes,
        order_total,
        item_total,
        quantity,
        coalesce(item_name, product_code) as product_label,
        product_code,
        category,
        brand,
        coupon_discount_code,
        item_discount_code,
        payment_discount_code,
        item_payment_discount_code,
        promo_code,
        coupon,
        discount_coupon,
        free_shipping_coupon,
        buyer_first_name,
        buyer_last_name,
        buyer_gender,
        buyer_phone,
        buyer_document,
        buyer_document_type,
        company_tax_id,
        company_name,
        billing_country,
        billing_state,
        billing_city
    from {{ ref('stg_fenicio__order_lines') }}
    {%- if is_incremental() %}
    where
        load_sequence > (
            select coalesce(max(already_loaded.load_sequence), 0) as loaded_up_to
            from {{ this }} as already_loaded
        )
    {%- endif %}

),

order_versions as (

    select
        order_number,
        load_sequence,
        min(record_number) as first_record_number
    from staged_lines
    group by order_number, load_sequence

),

latest_versions as (

    select
        order_number,
        load_sequence,
        first_record_number
    from (
        select
            order_number,
            load_sequence,
            first_record_number,
            row_number() over (
                partition by order_number
                order by load_sequence desc
            ) as version_rank
        from order_versions
    ) as ranked_versions
    where version_rank = 1

),

latest_lines as (

    select
        staged_lines.*,
        -- order-level fields are read from the first line of the order's version
        staged_lines.record_number = latest_versions.first_record_number as is_first_line
    from staged_lines
    inner join latest_versions
        on
            staged_lines.order_number = latest_versions.order_number
            and staged_lines.load_sequence = latest_versions.load_sequence

)

select * from latest_lines
