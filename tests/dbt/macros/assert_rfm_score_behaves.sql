-- rfm_score on hand-picked inputs: one row per check whose result differs from the
-- expected value (written by hand, never copied from an output).
with

rfm_inputs as (

    select
        'a' as customer,
        10 as x
    union all
    select
        'b' as customer,
        10 as x
    union all
    select
        'c' as customer,
        20 as x
    union all
    select
        'd' as customer,
        40 as x

),

rfm_scored as (

    -- n = 4: ranks 1, 1, 3, 4 give 1, 1, 1 + 5 * 2 // 3 = 4, min(5, 1 + 5 * 3 // 3) = 5
    select
        customer,
        {{ rfm_score('x', 'x > 0') }} as score,
        {{ rfm_score('x', "customer = 'c'") }} as alone_score,
        {{ rfm_score('x', 'x > 0', [10, 20, 30]) }} as threshold_score
    from rfm_inputs

),

rfm_lifetime_checks as (

    select
        'rfm_score ' || customer as macro_name,
        score = case customer when 'a' then 1 when 'b' then 1 when 'c' then 4 else 5 end
        and coalesce(alone_score = 1, false) = (customer = 'c')
        and (alone_score is null) = (customer != 'c')
        and threshold_score = case customer when 'c' then 3 when 'd' then 4 else 2 end as is_ok
    from rfm_scored

),

rfm_dated_inputs as (

    select
        1 as day_number,
        'a' as customer,
        10 as x
    union all
    select
        1 as day_number,
        'b' as customer,
        20 as x
    union all
    select
        2 as day_number,
        'a' as customer,
        10 as x

),

rfm_dated_checks as (

    -- partition_by ranks each day on its own: day 1 has n = 2 (scores 1 and 5), day 2
    -- n = 1 (score 1); rfm_group from the F score
    select
        'rfm_score partition_by, rfm_group, day ' || cast(day_number as {{ dbt.type_string() }})
        || ' ' || customer as macro_name,
        {{ rfm_score('x', 'x > 0', partition_by='day_number') }}
        = case when day_number = 1 and customer = 'b' then 5 else 1 end
        and {{ rfm_group('cast(null as integer)') }} = 'PROSPECTS'
        and {{ rfm_group('1') }} = 'BEGINNERS'
        and {{ rfm_group('2') }} = 'FREQUENT'
        and {{ rfm_group('3') }} = 'FREQUENT'
        and {{ rfm_group('4') }} = 'LOYAL'
        and {{ rfm_group('5') }} = 'LOYAL' as is_ok
    from rfm_dated_inputs

),

checks as (

    select * from rfm_lifetime_checks
    union all
    select * from rfm_dated_checks

)

select macro_name
from checks
where not coalesce(is_ok, false)
