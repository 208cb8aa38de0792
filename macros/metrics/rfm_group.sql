{#- ICOMMKT's RFM group from the lifetime F score: 1 BEGINNERS, 2-3 FREQUENT, 4-5 LOYAL;
    no counted order (an empty score) PROSPECTS. -#}
{% macro rfm_group(f_score) -%}
    case
        when {{ f_score }} is null then 'PROSPECTS'
        when {{ f_score }} = 1 then 'BEGINNERS'
        when {{ f_score }} <= 3 then 'FREQUENT'
        else 'LOYAL'
    end
{%- endmacro %}
