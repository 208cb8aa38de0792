{#- One row over the key map (fields_relation: icommkt_contact_fields or a CTE of it):
    for every contact field of icommkt_field_formats(), the JSON text that opens its
    custom field, {"Key":<key>,"Value":, in column <field>__prefix; NULL where the key
    map leaves the field unmapped (it is not sent). The text is made once per key, then
    picked per field. -#}
{% macro icommkt_field_prefixes(fields_relation) -%}
    select
        {%- for field in icommkt_field_formats() %}
        max(case when keyed.profile_field = '{{ field.field }}' then keyed.key_prefix end) as {{ field.field }}__prefix{{ ',' if not loop.last }}
        {%- endfor %}
    from (
        select
            {{ fields_relation }}.profile_field,
            concat('{"Key":', {{ icommkt_json_string(fields_relation ~ '.icommkt_key') }}, ',"Value":') as key_prefix
        from {{ fields_relation }}
    ) as keyed
{%- endmacro %}
