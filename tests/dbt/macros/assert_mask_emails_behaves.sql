-- mask_emails replaces every email-like word, and nothing else. One row per wrong case.
with

cases as (

    select
        'Email ana.b+1@x.co is invalid' as input_text,
        'Email <email> is invalid' as expected_text
    union all
    select
        'two: a@b.uy, <c@d.com>' as input_text,
        'two: <email> <<email>>' as expected_text
    union all
    select
        'no address here' as input_text,
        'no address here' as expected_text

),

checked as (

    select
        input_text,
        expected_text,
        {{ mask_emails('input_text') }} as actual_text
    from cases

)

select * from checked
where actual_text <> expected_text
