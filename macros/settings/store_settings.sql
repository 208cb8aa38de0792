{#- The store's settings (purchase_windows, rfm_frequency_thresholds, base_currency,
    store_timezone, icommkt_max_list_chars, max_export_age_days), checked by the same rules as the command line's
    src/fenicio_icommkt/settings.py: a bad value passed by --vars is a compile error that
    says what is wrong, never a silent default.

    setting(name): the var in effect, checked and normalised (windows sorted).
    check_store_settings(): on-run-start. Checks every setting in effect and, on DuckDB,
    compares them with what the store asks for: <data dir>/config/settings.yml, then the
    FENICIO_* environment variables (the command line's layers). A plain `dbt build`
    whose vars differ (the README's analyst, say, who forgot the store's windows) stops
    before building anything and names the command or the --vars to use. -#}

{%- macro store_setting_names() -%}
    {{ return(['store_timezone', 'base_currency', 'purchase_windows', 'rfm_frequency_thresholds', 'icommkt_max_list_chars', 'max_export_age_days']) }}
{%- endmacro %}

{%- macro store_setting_environment(name) -%}
    {{ return('FENICIO_' ~ name | upper) }}
{%- endmacro %}

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

{#- The value checked and normalised; a compile error naming where otherwise. -#}
{%- macro check_setting(name, value, where) -%}
    {%- set checked = setting_problem(name, value) -%}
    {%- if checked.problem -%}
        {{ exceptions.raise_compiler_error(where ~ ': ' ~ checked.problem) }}
    {%- endif -%}
    {{ return(checked.value) }}
{%- endmacro %}

{#- Operation: the verdict of setting_problem for each [name, value] of cases, logged as
    one JSON line (tests/python/test_settings.py checks it agrees with settings.py). -#}
{%- macro print_setting_verdicts(cases) -%}
    {%- set verdicts = [] -%}
    {%- for case in cases -%}
        {%- do verdicts.append(setting_problem(case[0], case[1])) -%}
    {%- endfor -%}
    {{ print('verdicts: ' ~ tojson(verdicts)) }}
{%- endmacro %}

{%- macro setting(name) -%}
    {{ return(check_setting(name, var(name), 'dbt var (from --vars or dbt_project.yml)')) }}
{%- endmacro %}

{#- The text of <data dir>/config/settings.yml, or none when there is none. Spark: none
    (Jinja cannot read a file; `fenicio-icommkt build` passes the store's settings, and
    export refuses profiles built with others). -#}
{%- macro store_settings_file_text(path) -%}
    {{ return(adapter.dispatch('store_settings_file_text', 'fenicio_icommkt')(path)) }}
{%- endmacro %}

{%- macro default__store_settings_file_text(path) -%}
    {{ return(none) }}
{%- endmacro %}

{%- macro duckdb__store_settings_file_text(path) -%}
    {%- set literal = "'" ~ path | replace("'", "''") ~ "'" -%}
    {%- set found = run_query('select count(*) from glob(' ~ literal ~ ')') -%}
    {%- if found.columns[0].values()[0] == 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set content = run_query('select content from read_text(' ~ literal ~ ')') -%}
    {{ return(content.columns[0].values()[0] or '') }}
{%- endmacro %}

{%- macro check_store_settings() -%}
    {%- set in_effect = {} -%}
    {%- for name in store_setting_names() -%}
        {%- do in_effect.update({name: setting(name)}) -%}
    {%- endfor -%}
    {%- if execute -%}
        {%- set path = data_dir() ~ '/config/settings.yml' -%}
        {%- set wanted = {} -%}
        {%- set text = store_settings_file_text(path) -%}
        {%- if text is not none -%}
            {%- set parsed = fromyaml(text) if text | trim != '' else {} -%}
            {%- if parsed is mapping and parsed.keys() | list == ['vars'] -%}
                {%- set parsed = parsed['vars'] or {} -%}
            {%- endif -%}
            {%- if parsed is not mapping -%}
                {{ exceptions.raise_compiler_error(path ~ ' is not a YAML mapping of setting: value; run `fenicio-icommkt build` to see where') }}
            {%- endif -%}
            {%- for name, value in parsed.items() -%}
                {%- if name not in store_setting_names() -%}
                    {{ exceptions.raise_compiler_error(path ~ ": unknown setting '" ~ name ~ "'; the settings are " ~ store_setting_names() | join(', ')) }}
                {%- endif -%}
                {%- do wanted.update({name: check_setting(name, value, path)}) -%}
            {%- endfor -%}
        {%- endif -%}
        {%- for name in store_setting_names() -%}
            {%- set env_name = store_setting_environment(name) -%}
            {%- set env_value = env_var(env_name, '') -%}
            {%- if env_value != '' -%}
                {%- set parsed = fromyaml(env_value) -%}
                {%- do wanted.update({name: check_setting(name, env_value if parsed is none else parsed, 'environment variable ' ~ env_name)}) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set differ = [] -%}
        {%- for name, value in wanted.items() if value != in_effect[name] -%}
            {%- do differ.append(name) -%}
        {%- endfor -%}
        {%- if differ -%}
            {%- set lines = [] -%}
            {%- set fixed = {} -%}
            {%- for name in differ -%}
                {%- do lines.append(name ~ ' is ' ~ in_effect[name] ~ ' here but ' ~ wanted[name] ~ ' in the store') -%}
                {%- do fixed.update({name: wanted[name]}) -%}
            {%- endfor -%}
            {{ exceptions.raise_compiler_error(
                'these vars differ from the store settings (' ~ path ~ ' and FENICIO_* variables): '
                ~ lines | join('; ')
                ~ '. Build with `fenicio-icommkt build --data-dir ' ~ data_dir() ~ '`, which applies them,'
                ~ " or pass them: dbt build --vars '" ~ tojson(fixed) ~ "' (add as_of_date if you set one)"
            ) }}
        {%- endif -%}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
