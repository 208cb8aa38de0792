{#- on-run-end: where the warehouse is not a file the exporter can open (Spark), write a
    Parquet copy of each model the exporter and the engine comparison read
    (icommkt_contacts, icommkt_contact_payloads, icommkt_cleared_contact, customer_profiles) to
    <data dir>/marts/<model>.parquet once it was built in this run. Spark writes each as a
    Parquet dataset: a directory holding one part file (COALESCE(1)), which DuckDB's
    read_parquet, pyarrow and Spark read as one table. DuckDB: nothing to do. -#}
{% macro export_profiles_parquet(results) -%}
    {{ return(adapter.dispatch('export_profiles_parquet', 'fenicio_icommkt')(results)) }}
{%- endmacro %}

{% macro default__export_profiles_parquet(results) -%}
    {{ return('') }}
{%- endmacro %}

{% macro spark__export_profiles_parquet(results) -%}
    {%- if execute -%}
        {%- for name in ['customer_profiles', 'icommkt_contacts', 'icommkt_contact_payloads',
                         'icommkt_cleared_contact'] -%}
            {%- set built = results
                | selectattr('node.resource_type', 'equalto', 'model')
                | selectattr('node.name', 'equalto', name)
                | selectattr('status', 'equalto', 'success')
                | list -%}
            {%- if built -%}
                {%- set node = built[0].node -%}
                {%- set relation = api.Relation.create(schema=node.schema, identifier=node.alias) -%}
                {%- set path = (data_dir() | replace('\\', '/')) ~ '/marts/' ~ name ~ '.parquet' -%}
                {%- do run_query(
                    "insert overwrite directory '" ~ path ~ "' using parquet"
                    ~ ' select /*+ coalesce(1) */ * from ' ~ relation
                ) -%}
                {{ log('wrote ' ~ path, info=true) }}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
