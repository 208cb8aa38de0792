{% macro icommkt_payload_before_email() -%}
    '{"Email":'
{%- endmacro %}
