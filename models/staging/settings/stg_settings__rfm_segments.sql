with

store_rfm_segments as (

    {{ editable_seed('rfm_segments', ['r_score', 'f_score']) }}

),

typed as (

    select
        cast(r_score as integer) as r_score,
        cast(f_score as integer) as f_score,
        {{ trim_whitespace('rfm_segment') }} as rfm_segment
    from store_rfm_segments

)

select * from typed
