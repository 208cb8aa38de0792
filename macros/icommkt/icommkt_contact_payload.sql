{#- One contact as SaveMultiContact takes it, as JSON text:
    {"Email": <email>, "CustomFields": [<custom_fields>]}, where custom_fields is the
    comma-separated {"Key": ..., "Value": ...} objects (text, maybe empty). The envelope
    is the text before the email and the text after it (macros below), so the exporter
    can put an email it alone knows (one to clear) into icommkt_cleared_contact's. -#}
{% macro icommkt_contact_payload(email, custom_fields) -%}
    concat(
        {{ icommkt_payload_before_email() }},
        {{ icommkt_json_string(email) }},
        {{ icommkt_payload_after_email(custom_fields) }}
    )
{%- endmacro %}
