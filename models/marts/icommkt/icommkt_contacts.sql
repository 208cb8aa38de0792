{#- One row per customer email ICOMMKT should hold (every row of customer_profiles): each
    contact field formatted as icommkt-api.md says (macro icommkt_value, by the format kind
    macro icommkt_field_formats declares), in a column named like its profile field and
    NULL where the key map leaves the field unmapped; the contact as SaveMultiContact takes
    it (payload: only the mapped fields, under their keys from icommkt_contact_fields) and
    the md5 of that payload, which the exporter compares with its delivery ledger. Rebuilt
    whole: days since change every day for every buyer. -#}
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

payloads as (

    select
        formatted.email,
        {% for field in contact_fields %}
        formatted.{{ field.field }},
        {% endfor %}
        {{ icommkt_contact_payload(
            'formatted.email', icommkt_custom_fields('field_prefixes', 'formatted')
        ) }} as payload,
        formatted.as_of_date
    from formatted
    cross join field_prefixes

),

final as (

    select
        email,
        {% for field in contact_fields %}
        {{ field.field }},
        {% endfor %}
        payload,
        md5(payload) as payload_hash,
        as_of_date
    from payloads

)

select * from final
