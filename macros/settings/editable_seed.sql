{#- The rows of an editable lookup seed, overridden by the store's
    <data dir>/config/<seed>.csv when that file exists: its rows replace seed rows with
    the same key (compared trimmed, case-insensitively) and add new ones. The ref is kept
    so the lineage shows the seed. -#}
{% macro editable_seed(seed_name, key_columns) -%}
    {{ return(adapter.dispatch('editable_seed', 'fenicio_icommkt')(seed_name, key_columns)) }}
{%- endmacro %}

{#- The default, which Spark runs: the rows of an editable lookup seed, overridden by <data dir>/config/<seed>.csv
    when it exists, as on DuckDB: its rows replace seed rows with the same key (compared
    trimmed of spaces, case-insensitively) and add new ones. register_landed_sources
    (on-run-start) exposes that file as the external table store_config.<seed> (all
    columns text, like DuckDB's all_varchar read). -#}
{% macro default__editable_seed(seed_name, key_columns) -%}
    {%- set seed_relation = ref(seed_name) -%}
    {%- set override = 'store_config.' ~ seed_name -%}
    {%- set ns = namespace(has_override=false) -%}
    {%- if execute -%}
        {%- set schemas = run_query("show databases like 'store_config'") -%}
        {%- if schemas | length > 0 -%}
            {%- set found = run_query("show tables in store_config like '" ~ seed_name ~ "'") -%}
            {%- set ns.has_override = found | length > 0 -%}
        {%- endif -%}
    {%- endif -%}
    {%- if ns.has_override -%}
        {%- set seed_columns = adapter.get_columns_in_relation(seed_relation) -%}
        select
            {%- for column in seed_columns %}
            cast(store_rows.{{ adapter.quote(column.name) }} as {{ column.data_type }}) as {{ adapter.quote(column.name) }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ override }} as store_rows
        union all
        select
            {%- for column in seed_columns %}
            seed_rows.{{ adapter.quote(column.name) }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ seed_relation }} as seed_rows
        where not exists (
            select 1
            from {{ override }} as store_keys
            where
                {%- for key in key_columns %}
                upper(trim(cast(store_keys.{{ key }} as string)))
                = upper(trim(cast(seed_rows.{{ key }} as string))){{ ' and' if not loop.last }}
                {%- endfor %}
        )
    {%- else -%}
        select * from {{ seed_relation }}
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__editable_seed(seed_name, key_columns) -%}
    {%- set seed_relation = ref(seed_name) -%}
    {%- set path = data_dir() ~ '/config/' ~ seed_name ~ '.csv' -%}
    {%- set ns = namespace(has_override=false) -%}
    {%- if execute -%}
        {%- set found = run_query("select count(*) from glob('" ~ path ~ "')") -%}
        {%- set ns.has_override = found.columns[0].values()[0] > 0 -%}
    {%- endif -%}
    {%- if ns.has_override -%}
        {%- set seed_columns = adapter.get_columns_in_relation(seed_relation) -%}
        select
            {%- for column in seed_columns %}
            cast(store_rows.{{ adapter.quote(column.name) }} as {{ column.data_type }}) as {{ adapter.quote(column.name) }}{{ ',' if not loop.last }}
            {%- endfor %}
        from read_csv('{{ path }}', header = true, all_varchar = true) as store_rows
        union all
        select
            {%- for column in seed_columns %}
            seed_rows.{{ adapter.quote(column.name) }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ seed_relation }} as seed_rows
        where not exists (
            select 1
            from read_csv('{{ path }}', header = true, all_varchar = true) as store_keys
            where
                {%- for key in key_columns %}
                upper(trim(cast(store_keys.{{ key }} as varchar)))
                = upper(trim(cast(seed_rows.{{ key }} as varchar))){{ ' and' if not loop.last }}
                {%- endfor %}
        )
    {%- else -%}
        select * from {{ seed_relation }}
    {%- endif -%}
{%- endmacro %}
