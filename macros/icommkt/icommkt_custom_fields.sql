{#- The CustomFields of a contact as JSON text (the objects, comma-separated, without the
    brackets), in the order of icommkt_field_formats(): each mapped field's prefix (from
    icommkt_field_prefixes, relation prefixes) and its formatted value (column <field> of
    relation values, already text); with values none, every mapped field with "" (what a
    retired email is sent with). Numbers and dates format to digits, '.', '/' and '-'
    only, so they are quoted without escaping; text and lists are JSON-escaped. -#}
{% macro icommkt_custom_fields(prefixes, values=none) -%}
    concat_ws(
        ','
        {%- for field in icommkt_field_formats() %},
        case
            when {{ prefixes }}.{{ field.field }}__prefix is not null
                then concat(
                    {{ prefixes }}.{{ field.field }}__prefix,
                    {%- if values is none %}
                    '""',
                    {%- elif field.format in ('list', 'text') %}
                    {{ icommkt_json_string(values ~ '.' ~ field.field) }},
                    {%- else %}
                    '"', {{ values }}.{{ field.field }}, '"',
                    {%- endif %}
                    '}'
                )
        end
        {%- endfor %}
    )
{%- endmacro %}
