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
            {%- for name, value in parsed.items() if name not in command_only_setting_names() -%}
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
