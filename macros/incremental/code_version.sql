{#- A digest of every model of this project (dbt's file checksums), so that a changed
    model, however far upstream, changes every customer's fingerprint and the
    per-customer tables are recomputed whole. Changed macros are not seen: after editing
    one, run `fenicio-icommkt build --full-refresh`. Empty while dbt parses and in unit
    tests. -#}
{% macro code_version() -%}
    {%- set checksums = [] -%}
    {%- if execute -%}
        {#- a unit test's graph has no nodes -#}
        {%- for node in graph.get('nodes', {}).values() | sort(attribute='unique_id') -%}
            {%- if node.resource_type == 'model' and node.package_name == project_name -%}
                {%- do checksums.append(node.unique_id ~ ':' ~ node.checksum.checksum) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(local_md5(checksums | join(','))) }}
{%- endmacro %}
