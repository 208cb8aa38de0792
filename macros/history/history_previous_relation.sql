{#- Where a history model reads its own previous state: the rows as the last build left
    them, or none for a store whose history starts with this build. The history cannot be
    recomputed (a past build saw the data as it was then), so these models are rebuilt
    from their previous state plus this build's values, never from scratch.
    DuckDB (incremental, full_refresh false): {{ this }} itself, which the materialization
    replaces in one transaction; a unit test gives `this` as a fixture.
    Spark (plain Parquet tables, dropped before they are re-created): the copy
    snapshot_previous_history made in the model's pre-hook (macros/history/snapshot_previous_history.sql). -#}
{#- Where a history model reads its own previous state: the rows as the last build left
    them, or none for a store whose history starts with this build. The history cannot be
    recomputed (a past build saw the data as it was then), so these models are rebuilt
    from their previous state plus this build's values, never from scratch.
    DuckDB (incremental, full_refresh false): {{ this }} itself, which the materialization
    replaces in one transaction; a unit test gives `this` as a fixture.
    Spark (plain Parquet tables, dropped before they are re-created): the copy
    snapshot_previous_history made in the model's pre-hook (see macros/spark/). -#}
{% macro history_previous_relation() -%}
    {{ return(adapter.dispatch('history_previous_relation', 'fenicio_icommkt')()) }}
{%- endmacro %}

{% macro default__history_previous_relation() -%}
    {#- a unit test without a `this` fixture has no previous state -#}
    {%- if this is not none and is_incremental() -%}
        {{ return(this) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}

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
