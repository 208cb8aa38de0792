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

{#- pre-hook of each history model: on engines whose tables cannot be replaced in one
    transaction, copy the previous state aside before the model drops it. DuckDB:
    nothing to do. -#}
{% macro snapshot_previous_history() -%}
    {{ return(adapter.dispatch('snapshot_previous_history', 'fenicio_icommkt')()) }}
{%- endmacro %}

{% macro default__snapshot_previous_history() -%}
    {{ return('') }}
{%- endmacro %}
