{#- One row per custom field ICOMMKT receives: the key map in effect (seed
    icommkt_field_keys with the store's config/ override, see stg_settings__icommkt_field_keys)
    with every `{W}` row expanded once per window of var purchase_windows (W = 30, ...,
    and <largest>_Plus for the open window; the profile field takes <largest>_plus), each
    field's format kind and its position in the payload (both from macro
    icommkt_field_formats). A row whose key is empty leaves its field unmapped. A mapped
    field that is no contact field, or a key mapped twice, fails the build naming it. -#}
{%- set window_scopes = purchase_window_scopes(include_total=false) -%}

with

field_keys as (

    select * from {{ ref('stg_settings__icommkt_field_keys') }}

),

mapped_patterns as (

    select
        lower({{ trim_whitespace('profile_field') }}) as field_pattern,
        {{ trim_whitespace('icommkt_key') }} as key_pattern
    from field_keys
    where
        coalesce({{ trim_whitespace('profile_field') }}, '') <> ''
        and coalesce({{ trim_whitespace('icommkt_key') }}, '') <> ''

),

window_labels as (

    {% for scope in window_scopes %}
    select
        '{{ scope.name }}' as field_label,
        '{{ scope.name | replace("_plus", "_Plus") }}' as key_label
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

expanded as (

    select
        field_pattern as profile_field,
        key_pattern as icommkt_key
    from mapped_patterns
    where not (field_pattern like '%{w}%' or key_pattern like '%{W}%')
    union all
    select
        replace(mapped_patterns.field_pattern, '{w}', window_labels.field_label) as profile_field,
        replace(mapped_patterns.key_pattern, '{W}', window_labels.key_label) as icommkt_key
    from mapped_patterns
    cross join window_labels
    where mapped_patterns.field_pattern like '%{w}%' or mapped_patterns.key_pattern like '%{W}%'

),

field_formats as (

    {% for field in icommkt_field_formats() %}
    select
        {{ loop.index }} as field_position,
        '{{ field.field }}' as profile_field,
        '{{ field.format }}' as value_format
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

checked as (

    select
        field_formats.field_position,
        expanded.profile_field,
        expanded.icommkt_key,
        case
            when field_formats.value_format is null
                then {{ raise_error(
                    "concat('icommkt_field_keys maps ', expanded.profile_field, ', which is no "
                    ~ "customer_profiles field ICOMMKT can receive (see macro icommkt_field_formats;"
                    ~ " fix <data dir>/config/icommkt_field_keys.csv or purchase_windows)')"
                ) }}
            when count(*) over (partition by expanded.icommkt_key) > 1
                then {{ raise_error(
                    "concat('icommkt_field_keys: key ', expanded.icommkt_key, ' is mapped twice "
                    ~ "(fix <data dir>/config/icommkt_field_keys.csv)')"
                ) }}
            else field_formats.value_format
        end as value_format
    from expanded
    left join field_formats
        on expanded.profile_field = field_formats.profile_field

)

select * from checked
