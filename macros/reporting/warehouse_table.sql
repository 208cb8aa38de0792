{#- A table the command line keeps in the warehouse beside the models (ingest.file_log,
    ingest.quarantine, ingest.file_outcomes, ops.export_runs, ops.icommkt_ledger), read
    by the report models as a subquery with exactly `columns` ([name, type] pairs).
    Such a table may not exist yet (ops.export_runs before the first export), or may
    predate a column (export_runs gains columns in place on the next export): a missing
    table gives no rows and a missing column NULLs, so the build never fails on a fresh
    store. Only DuckDB keeps these tables (the command line writes them there); on other
    engines the subquery is empty. -#}
{% macro warehouse_table(schema_name, table_name, columns) -%}
    {{ return(adapter.dispatch('warehouse_table', 'fenicio_icommkt')(schema_name, table_name, columns)) }}
{%- endmacro %}

{% macro warehouse_table_empty(columns) -%}
    (select
    {%- for column in columns %}
        cast(null as {{ column[1] }}) as {{ column[0] }}{{ ',' if not loop.last }}
    {%- endfor %}
    where false)
{%- endmacro %}

{% macro default__warehouse_table(schema_name, table_name, columns) -%}
    {{ warehouse_table_empty(columns) }}
{%- endmacro %}

{% macro duckdb__warehouse_table(schema_name, table_name, columns) -%}
    {%- set relation = adapter.get_relation(database=target.database, schema=schema_name, identifier=table_name) if execute else none -%}
    {%- if relation is none -%}
        {{ warehouse_table_empty(columns) }}
    {%- else -%}
        {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
        (select
        {%- for column in columns %}
            {% if column[0] in present -%}
                cast({{ adapter.quote(column[0]) }} as {{ column[1] }})
            {%- else -%}
                cast(null as {{ column[1] }})
            {%- endif %} as {{ column[0] }}{{ ',' if not loop.last }}
        {%- endfor %}
        from {{ relation }})
    {%- endif -%}
{%- endmacro %}
