{#- One row per customer email ICOMMKT should hold (every row of customer_profiles): each
    contact field formatted as icommkt-api.md says (macro icommkt_value, by the format kind
    macro icommkt_field_formats declares), in a column named like its profile field and
    NULL where the key map leaves the field unmapped; the contact as SaveMultiContact takes
    it hashes (payload_hash: the md5 of the payload, only the mapped fields under their keys
    from icommkt_contact_fields), which the exporter compares with its delivery ledger. The
    payload text itself is not stored (3.8 KB a contact, most of this model's build time):
    the view icommkt_contact_payloads makes it, with the same macro, for the contacts the
    exporter sends. Rebuilt whole: days since change every day for every buyer. -#}
{%- set contact_fields = icommkt_field_formats() -%}

with

profiles as (

    select
        email,
        {% for field in contact_fields %}
        {{ field.field }},
        {% endfor %}
        as_of_date
    from {{ ref('customer_profiles') }}

),

contact_fields as (

    select * from {{ ref('icommkt_contact_fields') }}

),

field_prefixes as (

    {{ icommkt_field_prefixes('contact_fields') }}

),

formatted as (

    select
        profiles.email,
        {% for field in contact_fields %}
        case
            when field_prefixes.{{ field.field }}__prefix is not null
                then {{ icommkt_value('profiles.' ~ field.field, field.format) }}
        end as {{ field.field }},
        {% endfor %}
        profiles.as_of_date
    from profiles
    cross join field_prefixes

),

final as (

    select
        formatted.email,
        {% for field in contact_fields %}
        formatted.{{ field.field }},
        {% endfor %}
        md5({{ icommkt_contact_payload(
            'formatted.email', icommkt_custom_fields('field_prefixes', 'formatted')
        ) }}) as payload_hash,
        formatted.as_of_date
    from formatted
    cross join field_prefixes

)

select * from final
