{#- One row: the settings the current customer_profiles was built with. It is built
    after customer_profiles and its tests pass, so a failed build leaves the previous
    row; `fenicio-icommkt export` compares it with the store's settings and refuses
    profiles built with other ones. -#}
with

profiles as (

    select
        count(*) as profile_count,
        max(as_of_date) as as_of_date
    from {{ ref('customer_profiles') }}

),

final as (

    select
        profiles.as_of_date,
        profiles.profile_count,
        '{{ setting("purchase_windows") | join(",") }}' as purchase_windows,
        '{{ setting("rfm_frequency_thresholds") | join(",") }}' as rfm_frequency_thresholds,
        '{{ setting("base_currency") }}' as base_currency,
        '{{ setting("store_timezone") }}' as store_timezone,
        '{{ setting("icommkt_max_list_chars") }}' as icommkt_max_list_chars,
        {{ dbt.current_timestamp() }} as built_at
    from profiles

)

select * from final
