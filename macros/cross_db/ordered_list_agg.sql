{#- Aggregate: the values of expression (already distinct) as a list ordered by
    order_by (a SQL order-by clause), keeping only rows where condition holds. -#}
{% macro ordered_list_agg(expression, order_by, condition='true') -%}
    {{ return(adapter.dispatch('ordered_list_agg', 'fenicio_icommkt')(expression, order_by, condition)) }}
{%- endmacro %}

{#- The default, which Spark runs: the values of expression (already distinct) where condition holds, as a list
    ordered by order_by. Spark's array_agg/collect_list has no ORDER BY, so the values are
    collected with their sort keys and sorted with a comparator; order_by is a list of
    `<expression> [asc|desc]` separated by commas, NULL keys last (DuckDB's default). -#}
{% macro default__ordered_list_agg(expression, order_by, condition='true') -%}
    {%- set keys = [] -%}
    {%- for part in order_by.split(',') -%}
        {%- set words = part.strip().split() -%}
        {%- if 'nulls' in (words | map('lower') | list) -%}
            {{ exceptions.raise_compiler_error('ordered_list_agg on Spark: NULLS FIRST/LAST is not supported in ' ~ order_by) }}
        {%- endif -%}
        {%- set has_direction = words | length > 1 and (words[-1] | lower) in ('asc', 'desc') -%}
        {%- do keys.append({
            'expression': (words[:-1] if has_direction else words) | join(' '),
            'descending': has_direction and (words[-1] | lower) == 'desc',
        }) -%}
    {%- endfor -%}
    transform(
        array_sort(
            collect_list(
                case when {{ condition }} then named_struct(
                    {%- for key in keys %}
                    'k{{ loop.index }}', {{ key.expression }},
                    {%- endfor %}
                    'v', {{ expression }}
                ) end
            ),
            (l_item, r_item) -> case
                {%- for key in keys %}
                {%- set l_key = 'l_item.k' ~ loop.index %}
                {%- set r_key = 'r_item.k' ~ loop.index %}
                when {{ l_key }} is null and {{ r_key }} is not null then 1
                when {{ l_key }} is not null and {{ r_key }} is null then -1
                when {{ l_key }} {{ '>' if key.descending else '<' }} {{ r_key }} then -1
                when {{ l_key }} {{ '<' if key.descending else '>' }} {{ r_key }} then 1
                {%- endfor %}
                else 0
            end
        ),
        item -> item.v
    )
{%- endmacro %}

{% macro duckdb__ordered_list_agg(expression, order_by, condition='true') -%}
    coalesce(list({{ expression }} order by {{ order_by }}) filter (where {{ condition }}), [])
{%- endmacro %}
