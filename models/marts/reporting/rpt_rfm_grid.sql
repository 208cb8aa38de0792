{#- The R x F grid: customers and revenue per cell (R score 1 to 5, F score 1 to 5) and
    the cell's segment, for the lifetime (scope `total`) and every scope of
    purchase_windows, as of the build's as-of date. Every one of the 25 cells of every
    scope is a row (an empty cell has 0 customers), so a heat map has no holes. -#}
{%- set scopes = purchase_window_scopes() -%}
with

profiles as (

    select * from {{ ref('customer_profiles') }}

),

rfm_segments as (

    select * from {{ ref('stg_settings__rfm_segments') }}

),

scores as (

    select score_values.score from (values (1), (2), (3), (4), (5)) as score_values (score)

),

cells as (

    {% for scope in scopes %}
    select
        '{{ scope.name }}' as scope,
        {{ loop.index }} as scope_order,
        r_score_{{ scope.name }} as r_score,
        f_score_{{ scope.name }} as f_score,
        count(*) as customers,
        sum(revenue_{{ scope.name }}) as revenue
    from profiles
    where r_score_{{ scope.name }} is not null
    group by r_score_{{ scope.name }}, f_score_{{ scope.name }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

grid as (

    {% for scope in scopes %}
    select
        '{{ scope.name }}' as scope,
        {{ loop.index }} as scope_order,
        r_scores.score as r_score,
        f_scores.score as f_score
    from scores as r_scores
    cross join scores as f_scores
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        grid.scope,
        grid.scope_order,
        grid.r_score,
        grid.f_score,
        rfm_segments.rfm_segment,
        cast(coalesce(cells.customers, 0) as bigint) as customers,
        cast(coalesce(cells.revenue, 0) as decimal(38, 2)) as revenue
    from grid
    left join cells
        on
            grid.scope = cells.scope
            and grid.r_score = cells.r_score
            and grid.f_score = cells.f_score
    left join rfm_segments
        on
            grid.r_score = rfm_segments.r_score
            and grid.f_score = rfm_segments.f_score

)

select * from final
