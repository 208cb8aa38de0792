{%- macro store_setting_names() -%}
    {{ return(['store_timezone', 'base_currency', 'purchase_windows', 'rfm_frequency_thresholds', 'icommkt_max_list_chars', 'max_export_age_days']) }}
{%- endmacro %}
