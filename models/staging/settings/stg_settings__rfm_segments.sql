with

store_rfm_segments as (

    {{ editable_seed('rfm_segments', ['r_score', 'f_score']) }}

)

select * from store_rfm_segments
