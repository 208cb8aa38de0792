{#- on-run-end: where the warehouse is not a file the exporter can open (Spark), write a
    Parquet copy of marts.customer_profiles to <data dir>/marts/customer_profiles.parquet
    once it was built in this run, for `fenicio-icommkt export --profiles-parquet`. Spark
    writes it as a Parquet dataset: a directory holding one part file (COALESCE(1)), which
    DuckDB's read_parquet, pyarrow and Spark read as one table. DuckDB: nothing to do. -#}
{% macro export_profiles_parquet(results) -%}
    {{ return(adapter.dispatch('export_profiles_parquet', 'fenicio_icommkt')(results)) }}
{%- endmacro %}

{% macro default__export_profiles_parquet(results) -%}
    {{ return('') }}
{%- endmacro %}

{% macro spark__export_profiles_parquet(results) -%}
    {%- if execute -%}
        {%- set built = results
            | selectattr('node.resource_type', 'equalto', 'model')
            | selectattr('node.name', 'equalto', 'customer_profiles')
            | selectattr('status', 'equalto', 'success')
            | list -%}
        {%- if built -%}
            {%- set node = built[0].node -%}
            {%- set relation = api.Relation.create(schema=node.schema, identifier=node.alias) -%}
            {%- set path = (data_dir() | replace('\\', '/')) ~ '/marts/customer_profiles.parquet' -%}
            {%- do run_query(
                "insert overwrite directory '" ~ path ~ "' using parquet"
                ~ ' select /*+ coalesce(1) */ * from ' ~ relation
            ) -%}
            {{ log('wrote ' ~ path, info=true) }}
        {%- endif -%}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
