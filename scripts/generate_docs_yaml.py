"""Write the generated column entries of the models' YAML: one entry per real column of every
per-scope family (``avg_order_value_90``, ...) and of every Fenicio column the staging models
carry, so the metric dictionary (``dbt docs``) defines every column without anyone typing
84 near-identical descriptions, and never drifts from the windows or the key map. Also the
windows table and the RFM segment map (from seeds/rfm_segments.csv) of models/overview.md.

    python scripts/generate_docs_yaml.py            # rewrite the generated blocks in place
    python scripts/generate_docs_yaml.py --check    # exit 1, with a diff, where they differ

Read, never hand-edited copies:

* the default ``purchase_windows`` of ``dbt_project.yml`` (the scopes: each window N, the
  open window ``<largest>_plus``, the lifetime ``total``);
* ``seeds/icommkt_field_keys.csv`` (the ICOMMKT key each column is sent as, ``{W}``
  expanded the way the model icommkt_contact_fields does it: ``30``, ..., ``360_Plus``;
  no ``total``);
* macro ``icommkt_field_formats`` (the format kind of each contact field);
* ``src/fenicio_icommkt/warehouse/columns.csv`` (the Fenicio header each staging column comes from).

Each generated block sits in a model's ``columns:`` list between two comment lines,
``# BEGIN generated: <block>`` and ``# END generated: <block>``; everything outside them
is hand-written and kept as it is. The family texts (what the column is) are the doc blocks
of ``models/**/_*__docs.md``; this script adds which orders count (the scope) and the
ICOMMKT key. A per-scope entry carries ``meta: {scope_family, scope}`` so the data test
columns_match_documentation can check a build under other windows than the defaults
(the store's settings) family by family.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import re
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
INDENT = " " * 6  # a column entry inside `models: - columns:`


# --- inputs -------------------------------------------------------------------------------

def default_windows(root: Path = ROOT) -> list[int]:
    project = yaml.safe_load((root / "dbt_project.yml").read_text(encoding="utf-8"))
    return sorted(int(days) for days in project["vars"]["purchase_windows"])


def scopes(windows: list[int], include_total: bool = True) -> list[str]:
    names = [str(days) for days in windows] + [f"{windows[-1]}_plus"]
    return names + ["total"] if include_total else names


def field_keys(windows: list[int], root: Path = ROOT) -> dict[str, str]:
    """profile_field -> ICOMMKT key under the default key map (icommkt_contact_fields' rule)."""
    keys: dict[str, str] = {}
    with (root / "seeds" / "icommkt_field_keys.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            field = row["profile_field"].strip().lower()
            key = (row["icommkt_key"] or "").strip()
            if not field or not key:
                continue
            if "{w}" in field or "{W}" in key:
                for scope in scopes(windows, include_total=False):
                    keys[field.replace("{w}", scope)] = key.replace(
                        "{W}", scope.replace("_plus", "_Plus"))
            else:
                keys[field] = key
    return keys


def field_formats(root: Path = ROOT) -> dict[str, str]:
    """family (``orders_{S}``, ``first_name``) -> format kind, from macro icommkt_field_formats."""
    text = (root / "macros" / "icommkt" / "icommkt_field_formats.sql").read_text(encoding="utf-8")
    return dict(re.findall(r"\('([a-z_{}A-Z]+)', '([a-z]+)'\)", text))


def fenicio_columns(root: Path = ROOT) -> dict[str, dict[str, str]]:
    columns = root / "src" / "fenicio_icommkt" / "warehouse" / "columns.csv"
    with columns.open(encoding="utf-8", newline="") as f:
        return {row["canonical_name"]: row for row in csv.DictReader(f)}


# --- texts --------------------------------------------------------------------------------

def scope_text(scope: str, windows: list[int]) -> str:
    if scope == "total":
        return ("Scope total (the lifetime): every counted order of the customer purchased on or "
                "before the as-of date.")
    if scope.endswith("_plus"):
        largest = windows[-1]
        return (f"Scope {scope} (the open window): the counted orders with days_ago {largest} "
                f"or more (purchased more than {largest - 1} days before the as-of date); with "
                f"window {largest} it splits the lifetime in two.")
    days = int(scope)
    return (f"Scope {scope}: the counted orders with days_ago 0 to {days - 1}, i.e. purchased "
            f"in the {days} days up to and including the as-of date (days_ago = as_of_date - "
            f"purchase_date).")


MONEY = " Amounts in the base currency (var base_currency, default UYU)."
RFM_AMONG = (" Scored among the customers with at least one counted order in this scope;"
             " empty for a customer without one.")

# family -> (doc block, extra sentence)
PROFILE_FAMILIES: dict[str, tuple[str, str]] = {
    "orders_{S}": ("metric_orders", ""),
    "revenue_{S}": ("metric_revenue", MONEY),
    "units_{S}": ("metric_units", ""),
    "avg_order_value_{S}": ("metric_avg_order_value", MONEY),
    "products_{S}": ("metric_products", ""),
    "categories_{S}": ("metric_categories", ""),
    "discount_codes_{S}": ("metric_discount_codes", ""),
    "r_score_{S}": ("metric_r_score", RFM_AMONG),
    "f_score_{S}": ("metric_f_score", RFM_AMONG),
    "m_score_{S}": ("metric_m_score", RFM_AMONG + MONEY),
    "rfm_code_{S}": ("metric_rfm_code", RFM_AMONG),
    "rfm_segment_{S}": ("metric_rfm_segment", RFM_AMONG),
}


def key_text(column: str, keys: dict[str, str], formats: dict[str, str], family: str) -> str:
    kind = formats.get(family, "text")
    if column in keys:
        return (f"Sent to ICOMMKT as `{keys[column]}` (format {kind}, see icommkt_contacts), "
                f"under the default key map (seeds/icommkt_field_keys.csv).")
    return ("Not sent to ICOMMKT under the default key map (no row in "
            "seeds/icommkt_field_keys.csv): it stays in the warehouse unless the store maps it.")


def entry(name: str, description: str, family: str | None = None, scope: str | None = None) -> str:
    lines = [f"{INDENT}- name: {name}", f"{INDENT}  description: {quote(description)}"]
    if family:
        lines += [f"{INDENT}  config:", f"{INDENT}    meta:",
                  f"{INDENT}      scope_family: {quote(family)}",
                  f"{INDENT}      scope: {quote(scope)}"]
    return "\n".join(lines)


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def per_scope(families: list[str], windows: list[int],
              describe: Callable[[str, str, str], str], order: str = "scope") -> list[str]:
    """Entries for each family and scope; order 'scope' = all families of a scope together."""
    pairs = ([(f, s) for s in scopes(windows) for f in families] if order == "scope"
             else [(f, s) for f in families for s in scopes(windows)])
    return [entry(f.replace("{S}", s), describe(f, s, f.replace("{S}", s)), f, s) for f, s in pairs]


# --- blocks -------------------------------------------------------------------------------

def profile_scopes(windows: list[int], root: Path) -> list[str]:
    keys, formats = field_keys(windows, root), field_formats(root)

    def describe(family: str, scope: str, column: str) -> str:
        doc, extra = PROFILE_FAMILIES[family]
        return (f"{{{{ doc('{doc}') }}}} {scope_text(scope, windows)}{extra} "
                f"{key_text(column, keys, formats, family)}")

    scoped = ["orders_{S}", "revenue_{S}", "units_{S}", "avg_order_value_{S}", "products_{S}",
              "categories_{S}", "discount_codes_{S}"]
    rfm = ["r_score_{S}", "f_score_{S}", "m_score_{S}", "rfm_code_{S}", "rfm_segment_{S}"]
    return per_scope(scoped, windows, describe) + per_scope(rfm, windows, describe)


def contact_scopes(windows: list[int], root: Path) -> list[str]:
    keys, formats = field_keys(windows, root), field_formats(root)

    def describe(family: str, scope: str, column: str) -> str:
        kind = formats[family]
        sent = (f"Sent as `{keys[column]}` under the default key map"
                if column in keys else
                "Unmapped under the default key map (NULL, not sent) unless the store maps it")
        return (f"customer_profiles.{column} as ICOMMKT receives it. {sent}. Format {kind}: "
                f"{{{{ doc('icommkt_format_{kind}') }}}} {scope_text(scope, windows)}")

    families = [f for f in formats if "{S}" in f]
    return per_scope(families, windows, describe, order="family")


def purchase_scopes(windows: list[int], root: Path) -> list[str]:
    texts = {
        "orders_{S}": "{{ doc('metric_orders') }}",
        "revenue_{S}": "{{ doc('metric_revenue') }}" + MONEY,
        "units_{S}": "{{ doc('metric_units') }}",
        "last_purchase_date_{S}": ("Store-local purchase date of the customer's latest counted "
                                   "order in the scope (R reads it); empty when the scope has "
                                   "none."),
    }

    def describe(family: str, scope: str, column: str) -> str:
        return f"{texts[family]} {scope_text(scope, windows)}"

    return per_scope(list(texts), windows, describe)


def list_scopes(windows: list[int], root: Path) -> list[str]:
    texts = {"products_{S}": "metric_products", "categories_{S}": "metric_categories",
             "discount_codes_{S}": "metric_discount_codes"}

    def describe(family: str, scope: str, column: str) -> str:
        return (f"{{{{ doc('{texts[family]}') }}}} {scope_text(scope, windows)} NULL when the "
                f"scope has no counted order (customer_profiles shows an empty list).")

    return per_scope(list(texts), windows, describe, order="family")


# Fenicio columns each staging model carries as they are (cleaned), in the model's order.
STAGING_LINES = [
    "order_number", "buyer_gender", "payment_discount_code", "product_code", "quantity",
    "billing_country", "billing_state", "item_name", "billing_city", "item_total", "currency",
    "brand", "category", "order_total", "item_payment_discount_code", "coupon_discount_code",
    "item_discount_code", "promo_code", "buyer_first_name", "buyer_last_name", "coupon",
    "discount_coupon", "buyer_phone", "free_shipping_coupon", "buyer_document", "company_tax_id",
    "buyer_document_type", "company_name",
]
STAGING_DETAILS = [
    "paid_at", "delivered_at", "gift_amount", "coupon_discount_amount", "payment_discount_amount",
    "shipping_amount", "item_payment_discount_amount", "item_coupon_discount_amount",
    "item_discount_amount", "payment_amount", "taxes", "sku", "order_code",
    "payment_discount_name", "order_origin", "delivery_method", "branch", "size_code",
    "recipient", "variant_code", "shipping_type", "delivery_schedule", "delivery_status",
    "tracking_info", "tracking_code", "unknown_sai", "unknown_tomada", "billing_postal_code",
    "delivery_country", "delivery_state", "delivery_city", "delivery_postal_code",
    "payment_method", "payment_method_type", "bank", "payment_id_fenicio",
    "payment_id_external", "buyer_name", "notes",
]
CLEANING = {
    "text": "trimmed of spaces, tabs, CR and LF; empty = NULL",
    "money": "a decimal(18, 6) as parsed at ingest (in the order's currency, not converted)",
    "number": "a decimal(18, 6) as parsed at ingest",
    "timestamp": "store-local time (var store_timezone) from the written time and offset",
}
UPPER = {"currency", "payment_discount_code", "item_payment_discount_code",
         "coupon_discount_code", "item_discount_code", "promo_code", "coupon", "discount_coupon",
         "free_shipping_coupon"}


def staging(names: list[str], hand_written: set[str]) -> Callable[[list[int], Path], list[str]]:
    def block(windows: list[int], root: Path) -> list[str]:
        dictionary = fenicio_columns(root)
        entries = []
        for name in names:
            if name in hand_written:
                continue
            column = dictionary[name]
            es = column["header_es_guess"]
            cleaning = CLEANING[column["type"]] + ("; upper-cased" if name in UPPER else "")
            entries.append(entry(name, (
                f"Fenicio column \"{column['header_pt']}\""
                + (f" (Spanish UI, unconfirmed: \"{es}\")" if es else "")
                + f", role: {column['role']}; {cleaning}.")))
        return entries
    return block


def overview_windows(windows: list[int], root: Path) -> list[str]:
    keys = field_keys(windows, root)
    rows = ["| window | columns ending in | the counted orders with | e.g. sent as |",
            "|---|---|---|---|"]
    for scope in scopes(windows):
        if scope == "total":
            span = "any days_ago (the lifetime)"
        elif scope.endswith("_plus"):
            span = f"days_ago {windows[-1]} or more"
        else:
            span = f"days_ago 0 to {int(scope) - 1} (the last {scope} days)"
        key = keys.get(f"orders_{scope}")
        rows.append(f"| {scope} | `_{scope}` | {span} | "
                    + (f"`orders_{scope}` → `{key}` |" if key else "not sent under its own key |"))
    return rows


def overview_segment_map(windows: list[int], root: Path) -> list[str]:
    with (root / "seeds" / "rfm_segments.csv").open(encoding="utf-8", newline="") as f:
        segments = {(int(r["r_score"]), int(r["f_score"])): r["rfm_segment"]
                    for r in csv.DictReader(f)}
    rows = ["| R \\ F | 1 | 2 | 3 | 4 | 5 |", "|---|---|---|---|---|---|"]
    for r in range(5, 0, -1):
        rows.append(f"| {r} | " + " | ".join(segments.get((r, f), "") for f in range(1, 6)) + " |")
    return rows


# block name -> (YAML file, generator)
BLOCKS: dict[str, tuple[str, Callable[[list[int], Path], list[str]]]] = {
    "customer_profiles scopes": ("models/marts/_marts__models.yml", profile_scopes),
    "icommkt_contacts scopes": ("models/marts/icommkt/_icommkt__models.yml", contact_scopes),
    "int_customer_purchases scopes": ("models/intermediate/_intermediate__models.yml",
                                      purchase_scopes),
    "int_customer_lists scopes": ("models/intermediate/_intermediate__models.yml", list_scopes),
    "stg_fenicio__order_lines fenicio columns": (
        "models/staging/fenicio/_fenicio__models.yml",
        staging(STAGING_LINES, {"order_number", "customer_email", "order_status",
                                "payment_status", "finished_at", "started_at"})),
    "stg_fenicio__order_line_details fenicio columns": (
        "models/staging/fenicio/_fenicio__models.yml",
        staging(STAGING_DETAILS, {"paid_at", "delivered_at"})),
    "overview windows": ("models/overview.md", overview_windows),
    "overview segment map": ("models/overview.md", overview_segment_map),
}


def render(text: str, blocks: dict[str, list[str]]) -> str:
    """text with the lines between each block's BEGIN and END markers replaced."""
    for name, entries in blocks.items():
        pattern = re.compile(
            rf"(^[ ]*(?:#|<!--) BEGIN generated: {re.escape(name)}[^\n]*\n)(.*?)"
            rf"(^[ ]*(?:#|<!--) END generated: "
            rf"{re.escape(name)}[^\n]*$)", re.S | re.M)
        if not pattern.search(text):
            raise SystemExit(f"generate_docs_yaml: no '# BEGIN generated: {name}' ... "
                             f"'# END generated: {name}' lines found")
        body = "\n".join(entries) + "\n" if entries else ""
        text = pattern.sub(lambda m, body=body: m.group(1) + body + m.group(3), text, count=1)
    return text


def generate(root: Path = ROOT) -> dict[Path, tuple[str, str]]:
    """path -> (current text, generated text) for every YAML file with a block."""
    windows = default_windows(root)
    per_file: dict[str, dict[str, list[str]]] = {}
    for name, (path, block) in BLOCKS.items():
        per_file.setdefault(path, {})[name] = block(windows, root)
    out = {}
    for path, blocks in per_file.items():
        current = (root / path).read_text(encoding="utf-8")
        out[root / path] = (current, render(current, blocks))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 where a file differs from what is generated")
    args = parser.parse_args(argv)
    stale = []
    for path, (current, generated) in generate().items():
        if path.suffix == ".yml":
            yaml.safe_load(generated)  # what dbt will read must stay YAML
        if current == generated:
            continue
        stale.append(path)
        if args.check:
            sys.stdout.writelines(difflib.unified_diff(
                current.splitlines(True), generated.splitlines(True),
                str(path.relative_to(ROOT)), f"{path.relative_to(ROOT)} (generated)", n=1))
        else:
            path.write_text(generated, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if args.check and stale:
        print(f"\n{len(stale)} file(s) differ from scripts/generate_docs_yaml.py's output: "
              "run `make docs-yaml` and commit the result.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
