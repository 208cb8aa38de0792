{#- True when the whole of expression matches pattern (a SQL string literal). -#}
{% macro regex_full_match(expression, pattern) -%}
    {{ return(adapter.dispatch('regex_full_match', 'fenicio_icommkt')(expression, pattern)) }}
{%- endmacro %}

{#- The default, which Spark runs: true when the whole of expression matches pattern (a SQL string literal written
    for DuckDB, where backslashes are literal). Spark's string parser would eat the
    backslashes, so they are doubled; the match is anchored with \z (Java's $ also matches
    before a final line break); RE2's \s (space, tab, LF, FF, CR) is spelled out, as
    Java's \s also matches a vertical tab. -#}
{% macro default__regex_full_match(expression, pattern) -%}
    {%- set literal = pattern | trim -%}
    {%- if not (literal.startswith("'") and literal.endswith("'")) -%}
        {{ exceptions.raise_compiler_error('regex_full_match: pattern must be a SQL string literal, got ' ~ pattern) }}
    {%- endif -%}
    {%- set ns = namespace(out='', in_class=false, escaped=false) -%}
    {%- for char in literal[1:-1] -%}
        {%- if ns.escaped -%}
            {%- if char == 's' -%}
                {%- set ns.out = ns.out ~ (' \\t\\n\\f\\r' if ns.in_class else '[ \\t\\n\\f\\r]') -%}
            {%- else -%}
                {%- set ns.out = ns.out ~ '\\' ~ char -%}
            {%- endif -%}
            {%- set ns.escaped = false -%}
        {%- elif char == '\\' -%}
            {%- set ns.escaped = true -%}
        {%- else -%}
            {%- if char == '[' -%}
                {%- set ns.in_class = true -%}
            {%- elif char == ']' -%}
                {%- set ns.in_class = false -%}
            {%- endif -%}
            {%- set ns.out = ns.out ~ char -%}
        {%- endif -%}
    {%- endfor -%}
    ({{ expression }} rlike '{{ ('^(?:' ~ ns.out ~ ')\\z') | replace('\\', '\\\\') }}')
{%- endmacro %}

{% macro duckdb__regex_full_match(expression, pattern) -%}
    regexp_full_match({{ expression }}, {{ pattern }})
{%- endmacro %}
