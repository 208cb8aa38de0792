with

store_icommkt_field_keys as (

    {{ editable_seed('icommkt_field_keys', ['profile_field']) }}

)

select * from store_icommkt_field_keys
