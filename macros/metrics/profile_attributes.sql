{#- The customer attributes a profile carries from the customer's latest counted order
    (the contract's attribute fields), in one place for int_customer_purchases and
    customer_profiles. -#}
{% macro profile_attributes() -%}
    {{ return([
        'first_name', 'last_name', 'gender', 'phone', 'document', 'document_type',
        'company_tax_id', 'company_name', 'billing_country', 'billing_state', 'billing_city',
    ]) }}
{%- endmacro %}
