{#- Incremental strategy `replace_all`: the model's select is the whole new table (built
    from {{ this }} and the build's values); its rows replace every row of the table in
    the materialization's transaction, so a failed build leaves the old rows. Used by the
    segment history, which must survive `--full-refresh` (full_refresh: false) and which
    a merge by key could not shorten (a rebuilt date can remove a customer's streak). -#}
{% macro get_incremental_replace_all_sql(arg_dict) -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ arg_dict['target_relation'] }};
    insert into {{ arg_dict['target_relation'] }} ({{ columns }})
    (
        select {{ columns }}
        from {{ arg_dict['temp_relation'] }}
    )
{%- endmacro %}
