{#- One row: what an email that ICOMMKT holds from an earlier delivery, and that is gone
    from customer_profiles, is sent with to clear what we wrote: every mapped key of
    icommkt_contact_fields with "". The exporter puts the email in front
    (payload_before_email || <email as a JSON string> || payload_after_email: the
    envelope of icommkt_contact_payloads.payload, macro icommkt_contact_payload) and records the
    md5 of the result. -#}
with

contact_fields as (

    select * from {{ ref('icommkt_contact_fields') }}

),

field_prefixes as (

    {{ icommkt_field_prefixes('contact_fields') }}

),

final as (

    select
        {{ icommkt_payload_before_email() }} as payload_before_email,
        {{ icommkt_payload_after_email(icommkt_custom_fields('field_prefixes')) }} as payload_after_email,
        {{ as_of_date() }} as as_of_date
    from field_prefixes

)

select * from final
