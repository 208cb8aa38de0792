{#- The model's (or seed's) actual columns equal its documented ones. A documented column
    generated per scope (scripts/generate_docs_yaml.py, meta scope_family such as
    'orders_{S}') stands for its family: one column per scope of var purchase_windows in
    effect, so a store with other windows than the defaults the YAML was written for is
    checked family by family. A documented name that still holds a placeholder ('{S}',
    '{W}') is a problem of its own: the metric dictionary would show a column that does
    not exist. Returns one row per undocumented, missing or placeholder column. A check of
    the code and the settings, not of the data: a store's build skips it (README decision
    13). -#}
{% test columns_match_documentation(model) %}
{{ config(tags=['code_check']) }}
{%- set problems = [] %}
{%- if execute %}
    {%- set node = graph.nodes.values()
        | selectattr('resource_type', 'in', ['model', 'seed'])
        | selectattr('alias', 'equalto', model.identifier)
        | first %}
    {%- set documented = [] %}
    {%- for name, column in node.columns.items() %}
        {%- set meta = (column.get('config') or {}).get('meta') or column.get('meta') or {} %}
        {%- if '{' in name %}
            {%- do problems.append(('placeholder name', name)) %}
        {%- elif meta.get('scope_family') %}
            {%- for scope in purchase_window_scopes() %}
                {%- set expanded = meta['scope_family'] | replace('{S}', scope.name) | lower %}
                {%- if expanded not in documented %}
                    {%- do documented.append(expanded) %}
                {%- endif %}
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
