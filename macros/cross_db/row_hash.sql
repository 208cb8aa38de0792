{#- A 64-bit hash of a row of expressions (for fingerprints, never for keys shown to
    anyone). Combined per group with bit_xor, which both engines have. -#}
{% macro row_hash(expressions) -%}
    {{ return(adapter.dispatch('row_hash', 'fenicio_icommkt')(expressions)) }}
{%- endmacro %}

{#- The default, which Spark runs: xxhash64 (BIGINT). -#}
{% macro default__row_hash(expressions) -%}
    xxhash64({{ expressions | join(', ') }})
{%- endmacro %}

{#- DuckDB combines the hashes of several columns linearly (in XOR terms): a bit_xor of
    such hashes does not see a value swapped between two rows, nor a constant shared by
    an even number of rows. Hashing the combined hash again mixes it. -#}
{% macro duckdb__row_hash(expressions) -%}
    hash(hash({{ expressions | join(', ') }}))
{%- endmacro %}
