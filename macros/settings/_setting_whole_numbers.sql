{#- A list of whole numbers from a YAML list, a number, or text like '7, 30' / '[7, 30]':
    {'value': numbers} or {'problem': text}. -#}
{%- macro _setting_whole_numbers(name, value) -%}
    {%- if value is string -%}
        {%- set text = value | trim -%}
        {%- if text.startswith('[') and text.endswith(']') -%}
            {%- set text = text[1:-1] -%}
        {%- endif -%}
        {%- set items = [] -%}
        {%- for part in text.split(',') if part | trim != '' -%}
            {%- do items.append(part | trim) -%}
        {%- endfor -%}
    {%- elif value is integer and value is not boolean -%}
        {%- set items = [value] -%}
    {%- elif value is iterable and value is not mapping -%}
        {%- set items = value | list -%}
    {%- else -%}
        {{ return({'problem': name ~ ' must be a list of whole numbers of days, got ' ~ value}) }}
    {%- endif -%}
    {%- set numbers = [] -%}
    {%- for item in items -%}
        {%- if (item is integer and item is not boolean) or (item is string and modules.re.fullmatch('-?[0-9]+', item)) -%}
            {%- do numbers.append(item | int) -%}
        {%- else -%}
            {{ return({'problem': name ~ ' must hold whole numbers, got ' ~ (("'" ~ item ~ "'") if item is string else item)}) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return({'value': numbers}) }}
{%- endmacro %}
