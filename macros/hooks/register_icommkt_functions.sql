{#- on-run-start: the SQL functions the ICOMMKT formats need where the engine has no
    built-in. DuckDB: icommkt_list_cut(items, max_chars), the list cut of
    icommkt_format_list (whole elements from the start, joined with ', ', while the text
    fits in max_chars code points; stop at the first that does not; a first element alone
    too long gives its first max_chars), re-created on every run. Other engines need
    nothing (Spark's aggregate takes the fold inline). -#}
{% macro register_icommkt_functions() -%}
    {{ return(adapter.dispatch('register_icommkt_functions', 'fenicio_icommkt')()) }}
{%- endmacro %}

{% macro default__register_icommkt_functions() -%}
    {{ return('') }}
{%- endmacro %}

{% macro duckdb__register_icommkt_functions() -%}
    {%- if execute -%}
        {%- do run_query("
            create or replace macro icommkt_list_cut(items, max_chars) as (
                list_reduce(
                    list_filter(items, lambda element: element is not null),
                    lambda acc, element: case
                        when acc.stop then acc
                        when acc.k = 0 and length(element) > max_chars
                            then {'s': left(element, max_chars), 'k': 1, 'stop': true}
                        when length(acc.s) + case when acc.k > 0 then 2 else 0 end + length(element) <= max_chars
                            then {
                                's': case when acc.k > 0 then acc.s || ', ' || element else element end,
                                'k': acc.k + 1,
                                'stop': false
                            }
                        else {'s': acc.s, 'k': acc.k, 'stop': true}
                    end,
                    {'s': ''::varchar, 'k': 0::integer, 'stop': false}
                ).s
            )
        ") -%}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
