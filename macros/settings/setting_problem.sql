{#- {'value': the value normalised} or {'problem': what is wrong}. -#}
{%- macro setting_problem(name, value) -%}
    {%- if name == 'purchase_windows' -%}
        {%- set parsed = _setting_whole_numbers(name, value) -%}
        {%- if parsed.problem -%}{{ return(parsed) }}{%- endif -%}
        {%- set windows = parsed.value -%}
        {%- if windows | length == 0 -%}
            {{ return({'problem': 'purchase_windows is empty: list at least one window in days, e.g. [30, 60, 90, 180, 360]'}) }}
        {%- endif -%}
        {%- for days in windows -%}
            {%- if days < 1 or days > 3650 -%}
                {{ return({'problem': 'purchase_windows must be days from 1 to 3650, got ' ~ days}) }}
            {%- endif -%}
        {%- endfor -%}
        {%- for days in windows | sort -%}
            {%- if not loop.first and days == loop.previtem -%}
                {{ return({'problem': 'purchase_windows lists ' ~ days ~ ' twice'}) }}
            {%- endif -%}
        {%- endfor -%}
        {{ return({'value': windows | sort}) }}
    {%- elif name == 'rfm_frequency_thresholds' -%}
        {%- set parsed = _setting_whole_numbers(name, value) -%}
        {%- if parsed.problem -%}{{ return(parsed) }}{%- endif -%}
        {%- set thresholds = parsed.value -%}
        {%- if thresholds | length != 4 -%}
            {{ return({'problem': 'rfm_frequency_thresholds must list 4 order counts (F is 1 + the number reached, 1 to 5), got ' ~ thresholds | length ~ ': ' ~ thresholds}) }}
        {%- endif -%}
        {%- for threshold in thresholds -%}
            {%- if thresholds[0] < 1 or (not loop.first and threshold <= loop.previtem) -%}
                {{ return({'problem': 'rfm_frequency_thresholds must be increasing order counts of at least 1, like [2, 3, 4, 6]; got ' ~ thresholds}) }}
            {%- endif -%}
        {%- endfor -%}
        {{ return({'value': thresholds}) }}
    {%- elif name == 'base_currency' -%}
        {%- if value is not string or not modules.re.fullmatch('[A-Z]{3}', value | trim) -%}
            {{ return({'problem': 'base_currency must be a three-letter currency code in capitals, like UYU; got ' ~ (("'" ~ value ~ "'") if value is string else value)}) }}
        {%- endif -%}
        {{ return({'value': value | trim}) }}
    {%- elif name == 'store_timezone' -%}
        {%- set zone = (value | trim) if value is string else '' -%}
        {%- if zone not in modules.pytz.all_timezones_set -%}
            {{ return({'problem': 'store_timezone must be a time zone name like America/Montevideo; got ' ~ (("'" ~ value ~ "'") if value is string else value)}) }}
        {%- endif -%}
        {{ return({'value': zone}) }}
    {%- elif name == 'icommkt_max_list_chars' -%}
        {%- if value is boolean or not ((value is integer) or (value is string and modules.re.fullmatch('[0-9]+', value | trim))) -%}
            {{ return({'problem': 'icommkt_max_list_chars must be a whole number of characters, like 255; got ' ~ (("'" ~ value ~ "'") if value is string else value)}) }}
        {%- endif -%}
        {%- if (value | int) < 1 -%}
            {{ return({'problem': 'icommkt_max_list_chars must be at least 1, got ' ~ (value | int)}) }}
        {%- endif -%}
        {{ return({'value': value | int}) }}
    {%- elif name == 'max_export_age_days' -%}
        {%- if value is boolean or not ((value is integer) or (value is string and modules.re.fullmatch('[0-9]+', value | trim))) -%}
            {{ return({'problem': 'max_export_age_days must be a whole number of days, like 2; got ' ~ (("'" ~ value ~ "'") if value is string else value)}) }}
        {%- endif -%}
        {%- if (value | int) < 1 -%}
            {{ return({'problem': 'max_export_age_days must be at least 1, got ' ~ (value | int)}) }}
        {%- endif -%}
        {{ return({'value': value | int}) }}
    {%- else -%}
        {{ return({'problem': 'unknown store setting ' ~ name}) }}
    {%- endif -%}
{%- endmacro %}
