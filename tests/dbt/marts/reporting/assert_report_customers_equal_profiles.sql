{{ config(enabled=target.type == 'duckdb') }}
-- The report's customers per RFM group (rpt_rfm_groups), per segment and scope
-- (rpt_rfm_segments) and per R x F cell (rpt_rfm_grid), and its headline customers and
-- prospects, equal customer_profiles counted directly. One row per difference.
{%- set scopes = purchase_window_scopes() %}
with

profiles as (

    select * from {{ ref('customer_profiles') }}

),

expected as (

    select
        'group' as figure_kind,
        'total' as scope,
        rfm_group as figure_key,
        count(*) as customers
    from profiles
    group by rfm_group
    {% for scope in scopes %}
    union all
    select
        'segment' as figure_kind,
        '{{ scope.name }}' as scope,
        rfm_segment_{{ scope.name }} as figure_key,
        count(*) as customers
    from profiles
    where rfm_segment_{{ scope.name }} is not null
    group by rfm_segment_{{ scope.name }}
    union all
    select
        'cell' as figure_kind,
        '{{ scope.name }}' as scope,
        cast(r_score_{{ scope.name }} as {{ dbt.type_string() }})
        || 'x' || cast(f_score_{{ scope.name }} as {{ dbt.type_string() }}) as figure_key,
        count(*) as customers
    from profiles
    where r_score_{{ scope.name }} is not null
    group by r_score_{{ scope.name }}, f_score_{{ scope.name }}
    {% endfor %}
    union all
    select
        'headline' as figure_kind,
        'total' as scope,
        'customers' as figure_key,
        count(*) as customers
    from profiles
    union all
    select
        'headline' as figure_kind,
        'total' as scope,
        'prospects' as figure_key,
        count(*) as customers
    from profiles
    where orders_total = 0

),

reported as (

    select
        'group' as figure_kind,
        'total' as scope,
        rfm_group as figure_key,
        customers
    from {{ ref('rpt_rfm_groups') }}
    union all
    select
        'segment' as figure_kind,
        scope,
        rfm_segment as figure_key,
        customers
    from {{ ref('rpt_rfm_segments') }}
    union all
    select
        'cell' as figure_kind,
        scope,
        cast(r_score as {{ dbt.type_string() }}) || 'x' || cast(f_score as {{ dbt.type_string() }}) as figure_key,
        customers
    from {{ ref('rpt_rfm_grid') }}
    where customers > 0
    union all
    select
        'headline' as figure_kind,
        'total' as scope,
        'customers' as figure_key,
        customers
    from {{ ref('rpt_headline') }}
    where period = 'total'
    union all
    select
        'headline' as figure_kind,
        'total' as scope,
        'prospects' as figure_key,
        prospects as customers
    from {{ ref('rpt_headline') }}
    where period = 'total'

),

differences as (

    select
        coalesce(expected.figure_kind, reported.figure_kind) as figure_kind,
        coalesce(expected.scope, reported.scope) as scope,
        coalesce(expected.figure_key, reported.figure_key) as figure_key,
        expected.customers as expected_customers,
        reported.customers as reported_customers
    from expected
    full outer join reported
        on
            expected.figure_kind = reported.figure_kind
            and expected.scope = reported.scope
            and expected.figure_key = reported.figure_key
    where
        expected.customers is null
        or reported.customers is null
        or expected.customers <> reported.customers

)

select * from differences
