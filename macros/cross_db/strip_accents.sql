{#- Remove diacritics: 'Aprobación' -> 'Aprobacion'. -#}
{% macro strip_accents(expression) -%}
    {{ return(adapter.dispatch('strip_accents', 'fenicio_icommkt')(expression)) }}
{%- endmacro %}

{% macro default__strip_accents(expression) -%}
    translate(
        {{ expression }},
        'ÁÀÂÃÄáàâãäÉÈÊËéèêëÍÌÎÏíìîïÓÒÔÕÖóòôõöÚÙÛÜúùûüÇçÑñ',
        'AAAAAaaaaaEEEEeeeeIIIIiiiiOOOOOoooooUUUUuuuuCcNn'
    )
{%- endmacro %}

{% macro duckdb__strip_accents(expression) -%}
    strip_accents({{ expression }})
{%- endmacro %}
