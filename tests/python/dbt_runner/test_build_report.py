"""A failed data test says what failed, with the offending values, and what to do.

Real builds of a small store: an order in a currency without a rate, a store status
table naming a field that does not exist. dbt alone prints "Got 1 result, configured to
fail if != 0"; `fenicio-icommkt build` must name the values (never a sensitive one), the
file to fix, and keep dbt's log and artifacts in the store's own folders.
"""

from __future__ import annotations

import csv
from pathlib import Path

import store_support as support

from fenicio_icommkt.warehouse import schema

ORDER = "Número do pedido"
CURRENCY = "Moeda"


def foreign_orders(inbox: Path, out: Path, currencies: list[str]) -> tuple[dict[str, str],
                                                                             list[str]]:
    """A daily file re-using sample rows as new orders in other currencies.
    Returns {order: currency} and every sensitive value in the file."""
    source = max(inbox.glob("*.csv"), key=lambda p: p.stat().st_size)
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    orders, written = {}, []
    for index, currency in enumerate(currencies):
        for copy in range(2):
            row = dict(rows[2 * index + copy])
            row[ORDER] = f"X{index}{copy}-{row[ORDER]}"
            row[CURRENCY] = currency
            orders[row[ORDER]] = currency
            written.append(row)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(written)
    sensitive = {c.header_pt for c in schema.columns() if c.is_sensitive}
    values = [row[h].strip() for row in written for h in sensitive
              if h in row and len(row[h].strip()) >= 4]
    return orders, values


def test_a_currency_without_a_rate_is_named_with_its_orders_and_the_file(
        built_store: Path, sample_inbox: Path, tmp_path: Path) -> None:
    store = support.store_copy(built_store, tmp_path)
    daily = tmp_path / "ventas_2026-06-30b.csv"
    orders, sensitive = foreign_orders(sample_inbox, daily, ["EUR", "BRL"])
    assert support.cli("ingest", "--data-dir", str(store), str(daily)).returncode in (0, 3)
    result = support.cli("build", "--data-dir", str(store), "--as-of", support.AS_OF)
    assert result.returncode == 1
    err = result.stderr
    assert "data test assert_every_currency_has_a_rate" in err
    for currency in ("EUR", "BRL"):
        mine = sorted(o for o, c in orders.items() if c == currency)
        assert f"currency={currency}, orders=2, first_orders={mine}" in err
    assert f"{store}/config/currency_rates.csv (columns currency,rate_to_base" in err
    assert "2 data test(s) failed" not in err and "1 data test(s) failed" in err
    for value in sensitive:
        assert value not in result.stdout + err
    assert (store / "logs" / "dbt.log").exists()
    assert (store / "target" / "run_results.json").exists()

    (store / "config" / "currency_rates.csv").write_text(
        "currency,rate_to_base\nEUR,46.10\nBRL,7.95\n", encoding="utf-8")
    result = support.cli("build", "--data-dir", str(store), "--as-of", support.AS_OF)
    assert result.returncode == 0, result.stderr


def test_a_bad_store_table_row_is_named(built_store: Path, tmp_path: Path) -> None:
    store = support.store_copy(built_store, tmp_path)
    (store / "config" / "status_values.csv").write_text(
        "field,value,counts,meaning\nshipping_status,ENVIADO,true,not a status field\n",
        encoding="utf-8")
    result = support.cli("build", "--data-dir", str(store), "--as-of", support.AS_OF)
    assert result.returncode == 1  # an error-severity data test failed: the build fails
    assert "accepted_values_stg_settings__status_values_field" in result.stdout  # dbt's line
    assert ("data test accepted_values_stg_settings__status_values_field__order_status__"
            "payment_status on stg_settings__status_values.field failed: 1 failing row(s)"
            in result.stderr)
    assert "value_field=shipping_status, n_records=1" in result.stderr
