with

store_status_values as (

    {{ editable_seed('status_values', ['field', 'value']) }}

)

select * from store_status_values
