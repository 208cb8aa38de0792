{#- on-run-start: make the store's files readable where a source cannot name a path.
    DuckDB reads the landed Parquet through the source's external_location and the
    config CSVs with read_csv, so there is nothing to do. Spark gets
      * views fenicio.order_lines and fenicio.order_line_details over
        <data dir>/landing/<table>/*.parquet (what source('fenicio', <table>) resolves
        to: the source's schema is its name);
      * for every seed with a <data dir>/config/<seed>.csv, an external CSV table
        store_config.<seed> over that file (read by editable_seed), and none otherwise.
    Everything is re-created on each run, so new landed files and removed overrides are
    seen; dropping these objects never deletes a file (a view; external tables). -#}
{% macro register_landed_sources() -%}
    {{ return(adapter.dispatch('register_landed_sources', 'fenicio_icommkt')()) }}
{%- endmacro %}

{% macro default__register_landed_sources() -%}
    {{ return('') }}
{%- endmacro %}

{% macro spark__register_landed_sources() -%}
    {%- if execute -%}
        {%- set root = data_dir() | replace('\\', '/') -%}
        {%- do run_query('create database if not exists fenicio') -%}
        {#- a landed file keeps the CSV's record order: record_number is the row's position -#}
        {%- for table in ['order_lines', 'order_line_details'] -%}
            {%- do run_query(
                'create or replace view fenicio.' ~ table ~ ' as select *,'
                ~ ' _metadata.row_index + 1 as record_number from parquet.`'
                ~ root ~ '/landing/' ~ table ~ '/*.parquet`'
            ) -%}
        {%- endfor -%}
        {%- do run_query('create database if not exists store_config') -%}
        {%- do run_query(
            "create or replace temporary view store_config_files using text options (path '"
            ~ root ~ "/config', pathGlobFilter '*.csv', recursiveFileLookup 'false')"
        ) -%}
        {%- set found = run_query(
            "select distinct regexp_extract(input_file_name(), '[^/]+$', 0) as file_name"
            ~ ' from store_config_files'
        ) -%}
        {%- set override_files = found.columns[0].values() | list -%}
        {%- for seed in graph.nodes.values() | selectattr('resource_type', 'equalto', 'seed') -%}
            {%- do run_query('drop table if exists store_config.' ~ seed.name) -%}
            {%- if (seed.name ~ '.csv') in override_files -%}
                {%- do run_query(
                    'create table store_config.' ~ seed.name ~ " using csv options (path '"
                    ~ root ~ '/config/' ~ seed.name ~ ".csv', header 'true', multiLine 'true',"
                    ~ " escape '\"', encoding 'UTF-8')"
                ) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
