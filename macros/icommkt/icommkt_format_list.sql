{#- ICOMMKT list format (doc icommkt_format_list): the elements in the profile's order
    joined with ', ', cut at element boundaries to at most max_chars Unicode code points
    (var icommkt_max_list_chars, default 255): whole elements from the start while the
    joined text fits, stopping at the first that does not (never skipping one to fit a
    later, shorter one); a first element that alone is too long is cut to its first
    max_chars code points. '' for an empty or NULL list. The cut runs only for lists
    whose joined text is too long. -#}
{% macro icommkt_format_list(expression, max_chars=none) -%}
    {%- set limit = (max_chars if max_chars is not none else var('icommkt_max_list_chars', 255)) | int -%}
    {%- if limit < 1 -%}
        {{ exceptions.raise_compiler_error('var icommkt_max_list_chars must be at least 1, not ' ~ limit) }}
    {%- endif -%}
    {{ return(adapter.dispatch('icommkt_format_list', 'fenicio_icommkt')(expression, limit)) }}
{%- endmacro %}

{% macro default__icommkt_format_list(expression, max_chars) -%}
    case
        when {{ expression }} is null then ''
        when length(array_join({{ expression }}, ', ')) <= {{ max_chars }} then array_join({{ expression }}, ', ')
        else aggregate(
            filter({{ expression }}, element -> element is not null),
            named_struct('s', cast('' as string), 'k', 0, 'stop', false),
            (acc, element) -> case
                when acc.stop then acc
                when acc.k = 0 and length(element) > {{ max_chars }}
                    then named_struct('s', left(element, {{ max_chars }}), 'k', 1, 'stop', true)
                when length(acc.s) + case when acc.k > 0 then 2 else 0 end + length(element) <= {{ max_chars }}
                    then named_struct(
                        's', case when acc.k > 0 then concat(acc.s, ', ', element) else element end,
                        'k', acc.k + 1,
                        'stop', false
                    )
                else named_struct('s', acc.s, 'k', acc.k, 'stop', true)
            end,
            acc -> acc.s
        )
    end
{%- endmacro %}

{#- DuckDB: the cut is the SQL macro icommkt_list_cut, which on-run-start creates in the
    warehouse (register_icommkt_functions): a fold over the list (list_reduce) with a
    two-argument lambda, which sqlfluff cannot parse inside a model, while the
    one-argument formulations cost a quadratic number of steps (30 s against 1.5 s on
    the 15,000 long lists of a 1 M-line sample). Only lists whose joined text is too long
    reach it. -#}
{% macro duckdb__icommkt_format_list(expression, max_chars) -%}
    case
        when {{ expression }} is null then ''
        when length(array_to_string({{ expression }}, ', ')) <= {{ max_chars }} then array_to_string({{ expression }}, ', ')
        else icommkt_list_cut({{ expression }}, {{ max_chars }})
    end
{%- endmacro %}
