{#- The model's actual columns equal its documented ones, where a documented name holding
    placeholder stands for one column per scope of var purchase_windows (so the YAML
    never drifts from the windows). Returns one row per undocumented or missing column. -#}
{% test columns_match_documentation(model, placeholder='{S}') %}
{%- set problems = [] %}
{%- if execute %}
    {%- set node = graph.nodes.values()
        | selectattr('resource_type', 'equalto', 'model')
        | selectattr('alias', 'equalto', model.identifier)
        | first %}
    {%- set documented = [] %}
    {%- for name in node.columns.keys() %}
        {%- if placeholder in name %}
            {%- for scope in purchase_window_scopes() %}
                {%- do documented.append(name | replace(placeholder, scope.name) | lower) %}
            {%- endfor %}
        {%- else %}
            {%- do documented.append(name | lower) %}
        {%- endif %}
    {%- endfor %}
    {%- set actual = adapter.get_columns_in_relation(model) | map(attribute='name') | map('lower') | list %}
    {%- for name in actual if name not in documented %}
        {%- do problems.append(('undocumented', name)) %}
    {%- endfor %}
    {%- for name in documented if name not in actual %}
        {%- do problems.append(('documented but missing', name)) %}
    {%- endfor %}
{%- endif %}

{%- if problems %}
    {%- for problem in problems %}
select
    '{{ problem[0] }}' as problem,
    '{{ problem[1] }}' as column_name
        {%- if not loop.last %}
union all
        {%- endif %}
    {%- endfor %}
{%- else %}
select
    null as problem,
    null as column_name
where false
{%- endif %}

{% endtest %}
