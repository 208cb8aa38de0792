{#- pre-hook of each history model: on engines whose tables cannot be replaced in one
    transaction, copy the previous state aside before the model drops it. DuckDB:
    nothing to do. -#}
{% macro snapshot_previous_history() -%}
    {{ return(adapter.dispatch('snapshot_previous_history', 'fenicio_icommkt')()) }}
{%- endmacro %}

{% macro default__snapshot_previous_history() -%}
    {{ return('') }}
{%- endmacro %}

{% macro spark__snapshot_previous_history() -%}
    {%- if execute -%}
        {%- set previous = this.identifier ~ '__previous' -%}
        {%- set built = adapter.get_relation(database=this.database, schema=this.schema, identifier=this.identifier) -%}
        {%- if built is not none -%}
            {%- do run_query('drop table if exists ' ~ this.schema ~ '.' ~ previous) -%}
            {%- do run_query(
                'create table ' ~ this.schema ~ '.' ~ previous ~ ' using parquet as select * from ' ~ this
            ) -%}
        {%- endif -%}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
