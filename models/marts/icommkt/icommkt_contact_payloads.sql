{#- One row per contact of icommkt_contacts: the contact exactly as SaveMultiContact takes it
    (payload: only the mapped fields, under their keys from icommkt_contact_fields, in
    field order) and payload_hash as the contacts model stored it, the md5 of the same
    text (macro icommkt_contact_payload). A view: the exporter reads the payloads of the
    contacts it sends, so a daily run makes the text only for those, and the build writes
    none of it (DuckDB; on Spark a table, see dbt_project.yml). -#}
with

contacts as (

    select * from {{ ref('icommkt_contacts') }}

),

contact_fields as (

    select * from {{ ref('icommkt_contact_fields') }}

),

field_prefixes as (

    {{ icommkt_field_prefixes('contact_fields') }}

),

final as (

    select
        contacts.email,
        {{ icommkt_contact_payload(
            'contacts.email', icommkt_custom_fields('field_prefixes', 'contacts')
        ) }} as payload,
        contacts.payload_hash,
        contacts.as_of_date
    from contacts
    cross join field_prefixes

)

select * from final
