"""Realistic synthetic Fenicio "Produtos por venda" exports (``fenicio-icommkt sample``).

Everything is generated inside DuckDB (``range()``, lists, ``copy ... to``), never in a Python
row loop, so ten million lines take a couple of minutes. Randomness is hash based
(``hash(seed, key, tag)``), so a seed gives the same bytes whatever the thread count.

Model (one customer = one ``cid``; one order = key ``k = cid * 128 + j``, or ``cid * 1024 + j``
when a customer may have more than 128 orders):

* orders per customer follow a capped Pareto law (most buy once, a tail buys often), or a
  law through given statistics (share buying once, 99th percentile, largest), spread
  with a low-discrepancy sequence so totals hardly vary between seeds;
* an order has 1-5 lines (products drawn Zipf-like from a 1,500-product catalogue), a date
  uniform over the 730 days of history plus the daily days, a status and a payment status;
* the history file holds every order dated up to ``as_of - days``; each daily file holds the
  orders of its day plus earlier orders re-exported whole with a new state (cancelled,
  payment confirmed, a quantity edited or a line removed; totals recomputed).

A ``Shape`` says how the files are written (timestamp style, money style, how full the
optional columns are, the currency mix, order-number lengths) and the orders-per-customer
law; ``SHAPES`` holds the named presets (``--shape``). The default shape is the sample as
it always was: same seed, same bytes. A shape's own random draws use fixed tags of their
own (``SHAPE_DRAWS``), so two samples of one seed that differ in one option differ only
there: the same customers, orders, lines and instants.

* ``plan``: the sample's size, dates and shape; the law of orders per customer;
* ``vocabulary``: the names, products, spellings and codes it draws from;
* ``draws`` and ``sql_values``: hash-based random draws and Python values, as SQL;
* ``tables``: customers, orders, their versions and the catalogue, built in DuckDB;
* ``columns``, ``formats`` and ``fill``: the 86 columns' text, in the shape's formats;
* ``generator``: each file's rows, written and renamed into place.
"""

from fenicio_icommkt.sample.generator import generate, rates_file, write
from fenicio_icommkt.sample.plan import (
    DEFAULT_CUSTOMERS,
    MONEY_STYLES,
    ORDER_NUMBER_STYLES,
    SHAPES,
    TIMESTAMP_STYLES,
    USD_RATE,
    OrdersLaw,
    Plan,
    Shape,
    make_plan,
    today,
)

__all__ = [
    "DEFAULT_CUSTOMERS",
    "MONEY_STYLES",
    "ORDER_NUMBER_STYLES",
    "SHAPES",
    "TIMESTAMP_STYLES",
    "USD_RATE",
    "OrdersLaw",
    "Plan",
    "Shape",
    "generate",
    "make_plan",
    "rates_file",
    "today",
    "write",
]
