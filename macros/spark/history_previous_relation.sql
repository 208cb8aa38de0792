{#- Spark: a history model is a plain Parquet table, which the table materialization drops
    before it re-creates it, so the model cannot read itself. Its pre-hook
    (spark__snapshot_previous_history) first copies it to <model>__previous, and the
    model reads that copy. When the table is missing but the copy exists (a build that
    died between the drop and the re-creation), the copy is the history and is kept. -#}
{% macro spark__history_previous_relation() -%}
    {%- set previous = api.Relation.create(
        database=this.database, schema=this.schema, identifier=this.identifier ~ '__previous', type='table'
    ) -%}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set built = adapter.get_relation(database=this.database, schema=this.schema, identifier=this.identifier) -%}
    {%- set copied = adapter.get_relation(database=previous.database, schema=previous.schema, identifier=previous.identifier) -%}
    {%- if built is none and copied is none -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(previous) }}
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
