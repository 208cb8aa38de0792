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

{#- DuckDB: kept = how many leading elements fit (the joined length of the first i is the
    sum of their lengths plus 2 per separator, growing with i); single-argument lambdas
    only, which sqlfluff parses. -#}
{% macro duckdb__icommkt_format_list(expression, max_chars) -%}
    {%- set items = 'list_filter(' ~ expression ~ ', lambda element: element is not null)' -%}
    {%- set kept -%}
        len(list_filter(
            range(1, len({{ items }}) + 1),
            lambda i: list_sum(list_transform(list_slice({{ items }}, 1, i), lambda element: length(element)))
            + 2 * (i - 1) <= {{ max_chars }}
        ))
    {%- endset -%}
    case
        when {{ expression }} is null then ''
        when length(array_to_string({{ expression }}, ', ')) <= {{ max_chars }} then array_to_string({{ expression }}, ', ')
        when {{ kept }} = 0 then left(list_extract({{ items }}, 1), {{ max_chars }})
        else array_to_string(list_slice({{ items }}, 1, {{ kept }}), ', ')
    end
{%- endmacro %}
