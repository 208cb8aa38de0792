{#- The contact's fields: every customer_profiles column ICOMMKT can receive, in payload
    order, with the format kind icommkt-api.md gives it. `{S}` stands for each scope of
    var purchase_windows (each window, the open <largest>_plus window and total).
    Which of them are sent, and under which key, is data: the key map
    (seeds/icommkt_field_keys.csv plus the store's config/ override, see the model
    icommkt_contact_fields). A new profile field gets one entry here (its format) and
    one row in the key map (its key). Returns [{field, format}], {S} expanded. -#}
{% macro icommkt_field_formats() -%}
    {%- set families = [
        ('first_name', 'text'),
        ('last_name', 'text'),
        ('gender', 'text'),
        ('phone', 'text'),
        ('document', 'text'),
        ('document_type', 'text'),
        ('company_tax_id', 'text'),
        ('company_name', 'text'),
        ('billing_country', 'text'),
        ('billing_state', 'text'),
        ('billing_city', 'text'),
        ('first_purchase_date', 'date'),
        ('last_purchase_date', 'date'),
        ('days_since_first_purchase', 'count'),
        ('days_since_last_purchase', 'count'),
        ('last_order_number', 'text'),
        ('last_purchase_amount', 'money'),
        ('last_purchase_brands', 'list'),
        ('last_purchase_categories', 'list'),
        ('last_purchase_products', 'list'),
        ('last_purchase_promo_codes', 'list'),
        ('rfm_group', 'text'),
        ('rfm_segment_previous', 'text'),
        ('rfm_segment_since', 'date'),
        ('rfm_group_previous', 'text'),
        ('rfm_group_since', 'date'),
        ('products_{S}', 'list'),
        ('categories_{S}', 'list'),
        ('orders_{S}', 'count'),
        ('revenue_{S}', 'money'),
        ('avg_order_value_{S}', 'money'),
        ('units_{S}', 'units'),
        ('rfm_code_{S}', 'text'),
        ('rfm_segment_{S}', 'text'),
        ('discount_codes_{S}', 'list'),
        ('r_score_{S}', 'count'),
        ('f_score_{S}', 'count'),
        ('m_score_{S}', 'count'),
    ] -%}
    {%- set fields = [] -%}
    {%- for family, value_format in families -%}
        {%- if '{S}' in family -%}
            {%- for scope in purchase_window_scopes() -%}
                {%- do fields.append({'field': family | replace('{S}', scope.name), 'format': value_format}) -%}
            {%- endfor -%}
        {%- else -%}
            {%- do fields.append({'field': family, 'format': value_format}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(fields) }}
{%- endmacro %}
