{% macro icommkt_payload_after_email(custom_fields) -%}
    concat(',"CustomFields":[', {{ custom_fields }}, ']}')
{%- endmacro %}
