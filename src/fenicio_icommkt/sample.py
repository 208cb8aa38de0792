"""``fenicio-icommkt sample``: realistic synthetic Fenicio "Produtos por venda" exports.

Everything is generated inside DuckDB (``range()``, lists, ``COPY ... TO``), never in a Python
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
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb

from fenicio_icommkt import console
from fenicio_icommkt.sql import literal as sql_literal
from fenicio_icommkt.warehouse.schema import columns

HISTORY_DAYS = 730
DEFAULT_CUSTOMERS = 1000
MAX_ORDERS = 100  # orders-per-customer cap of the default shape
PARETO_ALPHA = 1.1  # P(orders >= n) = n ** -alpha
#: Lines per order, as a weighted list (mean 2.5).
LINE_WEIGHTS = [1] * 6 + [2] * 5 + [3] * 4 + [4] * 3 + [5] * 2
CATALOGUE_SIZE = 1500
#: Columns that vary within an order; all others repeat on every line of an order.
LINE_COLUMNS = frozenset({
    "size_code", "variant_code", "product_code", "quantity", "sku", "item_name", "item_total",
    "brand", "category", "item_payment_discount_amount", "item_coupon_discount_amount",
    "item_discount_amount", "item_payment_discount_code", "item_discount_code",
})
ORDER_NUMBER_BASE = 100000
GOLDEN = 0.6180339887498949

# --------------------------------------------------------------------------------------------
# Vocabulary (all fictitious; sensitive columns get obviously fake values).

FEMALE_NAMES = [
    "María", "Ana", "Lucía", "Sofía", "Valentina", "Camila", "Martina", "Florencia", "Inés",
    "Mónica", "Andrea", "Fernanda", "Micaela", "Carolina", "Natalia", "Gabriela", "Verónica",
    "Silvia", "Paula", "Agustina", "Julieta", "Rocío", "Belén", "Noelia", "Lorena", "Tatiana",
    "Sabrina", "Romina", "Patricia", "Graciela", "Claudia", "Adriana", "Victoria", "Josefina",
]
MALE_NAMES = [
    "Juan", "Nicolás", "Joaquín", "Martín", "Santiago", "Matías", "Federico", "Gastón",
    "Rodrigo", "Diego", "Pablo", "Sebastián", "Agustín", "Facundo", "Gonzalo", "Maximiliano",
    "Andrés", "Fernando", "Gustavo", "Jorge", "Luis", "Marcelo", "Álvaro", "Ignacio", "Bruno",
    "Emiliano", "Germán", "Ramiro", "Héctor", "Julián", "Tomás", "Mauricio", "Sergio", "Raúl",
]
LAST_NAMES = [
    "Rodríguez", "González", "Fernández", "Pérez", "López", "Martínez", "García", "Sosa",
    "Silva", "Ferreira", "Pereira", "Álvarez", "Romero", "Techera", "Núñez", "Suárez",
    "Méndez", "Acosta", "Da Silva", "De León", "Olivera", "Cabrera", "Benítez", "Píriz",
    "Correa", "Castro", "Díaz", "Gómez", "Viera", "Ramírez", "Morales", "Cardozo", "Umpiérrez",
    "Larrañaga", "Etcheverry", "Sánchez", "Torres", "Bentancor", "Dos Santos", "Machado",
]
EMAIL_DOMAINS = [
    "example.com", "example.com", "example.net", "example.org", "correo.example.com",
    "mail.example.net", "tienda.example",
]
#: (department, city, postal code), weighted by repetition.
PLACES = (
    [("Montevideo", "Montevideo", "11200")] * 6
    + [("Montevideo", "Montevideo", "11300")] * 5
    + [("Montevideo", "Montevideo", "11500")] * 4
    + [("Montevideo", "Montevideo", "11800")] * 3
    + [("Canelones", "Ciudad de la Costa", "15000")] * 2
    + [("Canelones", "Las Piedras", "90200"), ("Canelones", "Pando", "91000"),
       ("Canelones", "Canelones", "90000")]
    + [("Maldonado", "Maldonado", "20000"), ("Maldonado", "Punta del Este", "20100"),
       ("Maldonado", "San Carlos", "20400")]
    + [("Colonia", "Colonia del Sacramento", "70000"), ("Salto", "Salto", "50000"),
       ("Paysandú", "Paysandú", "60000"), ("San José", "San José de Mayo", "80000"),
       ("Rivera", "Rivera", "40000"), ("Tacuarembó", "Tacuarembó", "45000"),
       ("Rocha", "Rocha", "27000"), ("Florida", "Florida", "94000"),
       ("Durazno", "Durazno", "97000"), ("Soriano", "Mercedes", "75000"),
       ("Lavalleja", "Minas", "30000"), ("Río Negro", "Fray Bentos", "65000"),
       ("Artigas", "Artigas", "55000"), ("Cerro Largo", "Melo", "37000"),
       ("Treinta y Tres", "Treinta y Tres", "33000"), ("Flores", "Trinidad", "85000")]
)
#: (product type, category, size group 0=U 1=clothes 2=shoes, min and max price in hundreds).
PRODUCT_TYPES = [
    ("Remera", "Ropa > Remeras", 1, 4, 19), ("Camisa", "Ropa > Camisas", 1, 9, 29),
    ("Pantalón", "Ropa > Pantalones", 1, 12, 39), ("Jean", "Ropa > Pantalones", 1, 15, 45),
    ("Vestido", "Ropa > Vestidos", 1, 14, 49), ("Buzo", "Ropa > Buzos", 1, 12, 35),
    ("Campera", "Ropa > Abrigos", 1, 25, 89), ("Short", "Ropa > Shorts", 1, 6, 19),
    ("Pijama", "Ropa > Pijamas", 1, 9, 25), ("Pollera", "Ropa > Polleras", 1, 8, 24),
    ("Corpiño", "Ropa interior", 1, 5, 15), ("Bombacha", "Ropa interior", 1, 2, 6),
    ("Medias", "Ropa interior", 0, 1, 4), ("Zapatillas", "Calzado", 2, 19, 69),
    ("Sandalias", "Calzado", 2, 9, 29), ("Botas", "Calzado", 2, 29, 79),
    ("Championes", "Calzado", 2, 15, 49), ("Mochila", "Accesorios", 0, 9, 35),
    ("Cartera", "Accesorios", 0, 12, 49), ("Gorro", "Accesorios", 0, 3, 9),
    ("Bufanda", "Accesorios", 0, 4, 12), ("Cinturón", "Accesorios", 0, 5, 15),
    ("Billetera", "Accesorios", 0, 6, 19), ("Lentes de sol", "Accesorios", 0, 9, 39),
    ("Almohada", "Hogar > Dormitorio", 0, 6, 19), ("Sábanas", "Hogar > Dormitorio", 0, 15, 45),
    ("Acolchado", "Hogar > Dormitorio", 0, 29, 89), ("Toalla", "Hogar > Baño", 0, 4, 14),
    ("Taza", "Hogar > Cocina", 0, 2, 5), ("Perfume", "Belleza", 0, 19, 79),
    ("Crema facial", "Belleza", 0, 7, 25), ("Shampoo", "Belleza", 0, 3, 8),
    ("Calza deportiva", "Deportes", 1, 9, 25), ("Pelota de fútbol", "Deportes", 0, 9, 29),
    ("Termo", "Hogar > Cocina", 0, 12, 45), ("Mate de calabaza", "Hogar > Cocina", 0, 4, 12),
]
ADJECTIVES = [
    "Clásica", "Básica", "Premium", "Slim", "de Algodón", "Oversize", "Vintage", "Deportiva",
    "Térmica", "Estampada", "de Lino", "Urbana", "Edición Limitada", "Esencial", "Confort",
]
COLOURS = [
    "Negra", "Blanca", "Azul", "Roja", "Verde", "Gris", "Beige", "Rosa", "Marrón", "Celeste",
    "Bordó", "Amarilla", "Multicolor",
]
BRANDS = [
    "Marca Propia", "Marca Propia", "Lacoste", "Adidas", "Nike", "Zara", "Columbia", "Levi's",
    "Reebok", "ecoBolsa", "Puma", "Tommy Hilfiger", "Lupo", "Topper", "Natura", None,
]
CLOTHES_SIZES = ["XS", "S", "M", "M", "L", "L", "XL", "XXL"]
SHOE_SIZES = ["35", "36", "37", "38", "39", "40", "41", "42", "43", "44"]
NOTES = [
    "Dejar en portería, timbre 3B",
    "Entregar después de las 18 hs.\nNo funciona el timbre",
    "Cliente dice: \"llamar antes de ir\"",
    "Regalo: envolver, sin precio.\n\"Feliz cumple!\"\nGracias",
    "  espacios al inicio y al final  ",
    "Llamar al 099 000 000 (número de prueba), gracias",
    "Si no estoy, dejar con el vecino del 2°B",
    "Factura a nombre de la empresa; RUT en el pedido",
    "Portón \"verde\", perro suelto,\ntocar bocina",
    "Entregar en horario de oficina",
]
#: order status code -> spellings (0 APROBADA, 1 CANCELADA, 2 EN_CURSO, 3 ABANDONADA,
#: 4 PAGO_PENDIENTE).
ORDER_STATUS_SPELLINGS = [
    ["APROBADA"] * 8 + ["Aprobada"] * 3 + ["aprobada ", " Aprobada", "APROVADA", "Approved"],
    ["CANCELADA", "CANCELADA", "Cancelada"],
    ["EN_CURSO", "EN_CURSO", "En curso"],
    ["ABANDONADA", "ABANDONADA", "Abandonada"],
    ["PAGO_PENDIENTE", "PAGO_PENDIENTE", "Pago pendiente"],
]
#: payment status code -> spellings (0 empty, 1 APROBADO, 2 PAGO, 3 PENDIENTE, 4 REVERSADO,
#: 5 RECHAZADO).
PAYMENT_STATUS_SPELLINGS = [
    [None],
    ["APROBADO"] * 5 + ["Aprobado"] * 2 + [" aprobado ", "Approved"],
    ["PAGO", "PAGO", "Pago", "Paid"],
    ["PENDIENTE", "PENDIENTE", "Pendiente"],
    ["REVERSADO", "Reversado"],
    ["RECHAZADO", "Rechazado"],
]
MALE_SPELLINGS = ["M"] * 5 + ["m", "Masculino", "MASCULINO", "masculino ", "Hombre", "Masc"]
FEMALE_SPELLINGS = ["F"] * 5 + ["f", "Femenino", "FEMENINO", "femenino", "Mujer", "Fem"]
#: (code, percent) of order coupons, item discounts, payment-method discounts.
COUPONS = [("BIENVENIDA", 10), ("VERANO10", 10), ("INVIERNO15", 15), ("BLACKFRIDAY", 20),
           ("CYBERMONDAY", 15), ("NAVIDAD", 10), ("MADRES2025", 15), ("REBAJAS20", 20)]
ITEM_DISCOUNTS = [("2X1", 25), ("OUTLET", 20), ("LIQUIDACION", 30)]
PAYMENT_DISCOUNTS = [("BROU15", 15, "Promo BROU"), ("ITAU20", 20, "Promo Itaú"),
                     ("SANTANDER10", 10, "Promo Santander")]
PAYMENT_METHODS = (
    [("Tarjeta de crédito", "Tarjeta")] * 9 + [("Tarjeta de débito", "Tarjeta")] * 2
    + [("Mercado Pago", "Otro")] * 5 + [("Abitab", "Otro")] * 2 + [("Redpagos", "Otro")]
    + [("Transferencia bancaria", "Otro")] * 2
)
BRANCHES = ["Tres Cruces", "Montevideo Shopping", "Punta Carretas", "Costa Urbana",
            "Nuevocentro"]
SCHEDULES = ["Sábados 10 a 13", "Lunes a viernes 9 a 18", None]
BANKS = ["BROU", "Santander", "Itaú", "BBVA", "Scotiabank", "HSBC"]
FAKE_STREETS = ["Calle Falsa", "Av. Ficticia", "Pasaje Inventado", "Bv. de Prueba",
                "Camino Imaginario"]
COMPANY_WORDS = ["Comercial", "Distribuidora", "Importadora", "Servicios", "Textil"]
COMPANY_SUFFIXES = [" S.A.", " S.R.L.", "", " Ltda."]

# --------------------------------------------------------------------------------------------
# SQL helpers


def csv_quote(value: str | None) -> str | None:
    """RFC 4180: quote a field holding a delimiter, quote or line break."""
    if value is None or not any(ch in value for ch in ',"\r\n'):
        return value
    return '"' + value.replace('"', '""') + '"'


def csv_quote_sql(expr: str) -> str:
    """The SQL version of csv_quote."""
    return (f"CASE WHEN contains({expr}, ',') OR contains({expr}, '\"') "
            f"OR contains({expr}, chr(10)) OR contains({expr}, chr(13)) "
            f"THEN '\"' || replace({expr}, '\"', '\"\"') || '\"' ELSE {expr} END")


def lit(value: object) -> str:
    """A SQL literal for a Python str / int / None / tuple (struct) / list."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return sql_literal(value)
    if isinstance(value, list):
        return "[" + ", ".join(lit(v) for v in value) + "]"
    raise TypeError(f"no literal for {value!r}")


def structs(rows: list[tuple], keys: tuple[str, ...]) -> str:
    """A SQL list of structs with the given keys."""
    return "[" + ", ".join(
        "{" + ", ".join(f"'{k}': {lit(v)}" for k, v in zip(keys, row, strict=True)) + "}"
        for row in rows
    ) + "]"


class Tag:
    """Distinct integer tags, one per random attribute, so draws are independent."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> int:
        self.n += 1
        return self.n


# --------------------------------------------------------------------------------------------
# Shapes: how the files are written, and how many orders a customer has

TIMESTAMP_STYLES = {
    "dmy": "dd/mm/yyyy HH:MM:SS (the default)",
    "iso": "yyyy-mm-dd HH:MM:SS, no offset (store-local time)",
    "iso-offset": "yyyy-mm-ddTHH:MM:SS-03:00, one order in five in UTC (...Z), same instants",
    "mixed": "per order one of dmy, iso, ISO with T, -03:00, -0300 and Z (same instants)",
}
MONEY_STYLES = {
    "dot": "1234.50: '.' and always two decimals (the default)",
    "short": "1234.5, 1234: '.' and no trailing zeros",
    "comma": "1234,50: decimal comma (the field is quoted)",
    "grouped": "1.234,50: thousands '.' and decimal comma (quoted)",
    "symbol": "$ 1234.50: a currency symbol before the amount",
}
ORDER_NUMBER_STYLES = {
    "sequential": "100001, 100002, ... (the default)",
    "varied": "1 to 14 digits: 7 in 10 short (1, 2, ... 4000000), the others 10, 12 or 14 "
              "digits",
}
#: Store's UTC offset in the sample (America/Montevideo: -03:00 all year since 2015).
STORE_UTC_OFFSET_HOURS = -3
#: Pesos per dollar: USD orders are priced in dollars at this rate, and the sample writes
#: it to config/currency_rates.csv.
USD_RATE = 40
#: Named random draws of the shape options, each with a fixed tag (appended, never
#: reordered: a tag is the draw's identity).
SHAPE_DRAWS = (
    "currency", "order_number", "timestamp_style", "timestamp_zone", "fill", "fill_line",
    "note_kind", "note_a", "note_b", "coordinates_a", "coordinates_b", "coordinates_c",
    "coordinates_d", "pick", "digits", "gender", "address_note",
)
SHAPE_TAG_BASE = 1 << 20


@dataclass(frozen=True)
class Shape:
    """How a sample is written. Every field's default is the sample as it always was.

    once_share and p99_orders, when set, replace the default Pareto law of orders per
    customer by one through those points and max_orders: P(N >= 2) = 1 - once_share,
    P(N > p99_orders) = 1 %, about one customer with max_orders (geometric in between).
    fill is the share of the rows, where the default leaves an optional column empty, that
    get a value (every carried, sensitive and profile column but the card, the discount
    codes, the catalogue's names and brands, and the fields whose emptiness means
    something: finished_at, payment_status, currency); free-text notes and coordinates
    are then generated, varied values.
    """

    timestamps: str = "dmy"
    money: str = "dot"
    fill: float = 0.0
    usd_share: float = 0.0
    empty_currency_share: float = 0.2
    order_numbers: str = "sequential"
    once_share: float | None = None
    p99_orders: int | None = None
    max_orders: int = MAX_ORDERS

    @property
    def pareto(self) -> bool:
        return self.once_share is None

    @property
    def key_stride(self) -> int:
        """Order keys are cid * stride + j: room for every order of a customer."""
        return 128 if self.max_orders <= 128 else 1 << math.ceil(math.log2(self.max_orders))

    def check(self) -> None:
        """Raise ValueError naming the option that is out of range."""
        if self.timestamps not in TIMESTAMP_STYLES:
            raise ValueError(f"--timestamps: one of {', '.join(TIMESTAMP_STYLES)}")
        if self.money not in MONEY_STYLES:
            raise ValueError(f"--money: one of {', '.join(MONEY_STYLES)}")
        if self.order_numbers not in ORDER_NUMBER_STYLES:
            raise ValueError(f"--order-numbers: one of {', '.join(ORDER_NUMBER_STYLES)}")
        if not 0 <= self.fill <= 1:
            raise ValueError("--fill: a share between 0 and 1")
        if not (0 <= self.usd_share <= 1 and 0 <= self.empty_currency_share <= 1
                and self.usd_share + self.empty_currency_share <= 1):
            raise ValueError("--usd-share and --empty-currency-share: shares between 0 and 1 "
                             "that add up to at most 1")
        if not 1 <= self.max_orders <= 100_000:
            raise ValueError("--max-orders: between 1 and 100000")
        if (self.once_share is None) != (self.p99_orders is None):
            raise ValueError("--once-share and --p99-orders go together")
        if self.once_share is not None:
            assert self.p99_orders is not None
            if not 0 < self.once_share < 0.99:
                raise ValueError("--once-share: a share between 0 and 0.99 (exclusive)")
            if not 2 <= self.p99_orders < self.max_orders:
                raise ValueError("--p99-orders: at least 2 and less than --max-orders")

    def describe(self) -> str:
        """The options that differ from the default shape, as command-line flags."""
        default = Shape()
        out = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value != getattr(default, f.name):
                out.append(f"--{f.name.replace('_', '-')} {value}")
        return " ".join(out) or "default"


#: Named shapes (``--shape``). "independent" is the export of issue 18: ISO timestamps
#: without offset, money with '.' and two decimals, nearly every optional column filled,
#: 3 % of orders in USD and 2 % with no currency, 59 % of customers buying once, p99 21
#: orders, the largest about 600, order numbers of varying length (about 4 M orders and
#: 1 M customers at 10 M lines).
SHAPES: dict[str, Shape] = {
    "default": Shape(),
    "independent": Shape(timestamps="iso", money="dot", fill=0.95, usd_share=0.03,
                         empty_currency_share=0.02, order_numbers="varied", once_share=0.59,
                         p99_orders=21, max_orders=600),
}


@dataclass(frozen=True)
class OrdersLaw:
    """Orders per customer, N, as a survival function S(n) = P(N >= n), n = 1..cap.

    Pareto (default shape): S(n) = n ** -alpha. Through statistics: S(1) = 1,
    S(2) = 1 - once, S(p99 + 1) = 1 %, S(cap) = min(0.5 %, 1 / customers), geometric
    between those points, so p99 is the 99th percentile and about one customer reaches the
    cap. N is the inverse of S at a low-discrepancy level v in (0, 1].
    """

    cap: int
    alpha: float = PARETO_ALPHA
    once: float | None = None
    p99: int | None = None
    customers: int = 1

    @property
    def tail_level(self) -> float:
        return min(0.005, 1 / max(1, self.customers))

    def ratios(self) -> tuple[float, float]:
        assert self.once is not None and self.p99 is not None
        k = self.p99 + 1
        body = (0.01 / (1 - self.once)) ** (1 / (k - 2)) if k > 2 else 1.0
        tail = (self.tail_level / 0.01) ** (1 / (self.cap - k)) if self.cap > k else 1.0
        return body, tail

    def survival(self, n: int) -> float:
        if n <= 1:
            return 1.0
        if n > self.cap:
            return 0.0
        if self.once is None:
            return n ** -self.alpha
        assert self.p99 is not None
        body, tail = self.ratios()
        k = self.p99 + 1
        if n <= k:
            return (1 - self.once) * body ** (n - 2)
        return 0.01 * tail ** (n - k)

    def mean(self) -> float:
        return sum(self.survival(n) for n in range(1, self.cap + 1))

    def sql(self, v: str) -> str:
        """N for the level expression v (in (0, 1]), as SQL."""
        if self.once is None:
            return (f"least({self.cap}, floor(pow({v}, -1.0 / {self.alpha})))")
        assert self.p99 is not None
        body, tail = self.ratios()
        k = self.p99 + 1
        s2 = 1 - self.once
        tail_n = (f"{k} + floor(ln({v} / 0.01) / ln({tail!r}))" if tail < 1 else str(k))
        return (f"(CASE WHEN {v} > {s2!r} THEN 1 "
                f"WHEN {v} > 0.01 THEN least({k - 1}, 2 + floor(ln({v} / {s2!r}) / "
                f"ln({body!r}))) "
                f"ELSE least({self.cap}, {tail_n}) END)")


def orders_law(shape: Shape, customers: int) -> OrdersLaw:
    return OrdersLaw(cap=shape.max_orders, once=shape.once_share, p99=shape.p99_orders,
                     customers=customers)


@dataclass(frozen=True)
class Plan:
    customers: int
    seed: int
    as_of: date
    days: int
    reexport_rate: float
    shape: Shape = field(default_factory=Shape)

    @property
    def history_date(self) -> date:
        return self.as_of - timedelta(days=self.days)

    @property
    def first_date(self) -> date:
        return self.history_date - timedelta(days=HISTORY_DAYS - 1)

    @property
    def span_days(self) -> int:
        return HISTORY_DAYS + self.days


def mean_orders_per_customer(shape: Shape | None = None, customers: int = 1) -> float:
    """E[N] = the sum over n of P(N >= n) (the law depends on the customer count only
    through the level of its cap, see OrdersLaw)."""
    return orders_law(shape or Shape(), customers).mean()


def mean_lines_per_order() -> float:
    return sum(LINE_WEIGHTS) / len(LINE_WEIGHTS)


def make_plan(customers: int | None, lines: int | None, seed: int, as_of: date,
              days: int, shape: Shape | None = None) -> Plan:
    shape = shape or Shape()
    if lines is not None:
        customers = 1
        for _ in range(4):  # the law's cap level depends on the customer count
            customers = max(1, round(lines / (mean_orders_per_customer(shape, customers)
                                              * mean_lines_per_order())))
    if customers is None:
        customers = DEFAULT_CUSTOMERS
    orders_per_day = (customers * mean_orders_per_customer(shape, customers)
                      / (HISTORY_DAYS + days))
    # Aim for ~40 re-exported orders in the daily files, or 4 % of their orders when larger.
    rate = 0.04 if days == 0 else min(0.6, max(0.04, 40 / (orders_per_day * days)))
    return Plan(customers=customers, seed=seed, as_of=as_of, days=days, reexport_rate=rate,
                shape=shape)


# --------------------------------------------------------------------------------------------
# The generator


class Generator:
    def __init__(self, con: duckdb.DuckDBPyConnection, plan: Plan) -> None:
        self.con = con
        self.plan = plan
        self.tag = Tag()
        self.exprs: dict[str, str] | None = None
        self.layers: list[dict[str, str]] = []
        self.line_layers: list[dict[str, str]] = []
        self.catalogue_var = ""
        self.consts: dict[str, str] = {}  # SQL literal -> variable name
        self.pending: list[str] = []
        # Fixed tags for the product catalogue, used both when pricing and when writing.
        self.type_tag = self.tag()
        self.price_tag = self.tag()

    def const(self, literal: str) -> str:
        """A reference to a DuckDB variable holding a constant list (keeps the SQL short)."""
        name = self.consts.get(literal)
        if name is None:
            name = self.consts[literal] = f"v{len(self.consts)}"
            self.pending.append(f"SET VARIABLE {name} = {literal}")
        return f"getvariable('{name}')"

    def execute(self, sql: str) -> None:
        for statement in self.pending:
            self.con.execute(statement)
        self.pending.clear()
        self.con.execute(sql)

    def ptype(self, pid: str) -> str:
        """The product type struct of product id expression pid."""
        types = self.const(structs(PRODUCT_TYPES, ("n", "c", "z", "lo", "hi")))
        key = self.mix(pid, self.type_tag)
        return f"{types}[1 + ({key} % {len(PRODUCT_TYPES)})::BIGINT]"

    def price(self, pid: str) -> str:
        """Unit price of product id expression pid: a price ending in 90, by product type."""
        t = self.ptype(pid)
        key = self.mix(pid, self.price_tag)
        return f"((({t}).lo + {key} % (({t}).hi - ({t}).lo + 1)) * 100 + 90)::DECIMAL(18,2)"

    # Random helpers: SQL expressions over an integer key expression.
    def h(self, key: str) -> str:
        return self.mix(key, self.tag())

    def mix(self, key: str, tag: int) -> str:
        """A well-mixed 64-bit hash of (seed, key, tag). DuckDB's multi-argument hash
        combines its arguments' hashes too simply (low bits correlate between tags), so
        the combination is hashed again."""
        return f"hash(hash({self.plan.seed}::BIGINT, ({key})::BIGINT, {tag}::BIGINT))"

    def u(self, key: str) -> str:
        """Uniform double in [0, 1)."""
        return f"({self.h(key)}::DOUBLE / 18446744073709551616.0)"

    def n(self, key: str, modulus: int) -> str:
        """Uniform integer in [0, modulus)."""
        return f"({self.h(key)} % {modulus})::BIGINT"

    def pick(self, values: list, key: str) -> str:
        """A uniformly picked element of a Python list (repeat values to weight them)."""
        return f"{self.const(lit(values))}[1 + {self.n(key, len(values))}]"

    def digits(self, key: str, width: int) -> str:
        return f"lpad({self.n(key, 10 ** width)}::VARCHAR, {width}, '0')"

    # Shape draws: fixed tags (see SHAPE_DRAWS), so they never shift the default draws.
    def sh(self, key: str, draw: str, salt: int = 0) -> str:
        tag = SHAPE_TAG_BASE + SHAPE_DRAWS.index(draw) * 4096 + salt
        return self.mix(key, tag)

    def su(self, key: str, draw: str, salt: int = 0) -> str:
        return f"({self.sh(key, draw, salt)}::DOUBLE / 18446744073709551616.0)"

    def sn(self, key: str, modulus: int, draw: str, salt: int = 0) -> str:
        return f"({self.sh(key, draw, salt)} % {modulus})::BIGINT"

    def spick(self, values: list, key: str, salt: int) -> str:
        return f"{self.const(lit(values))}[1 + {self.sn(key, len(values), 'pick', salt)}]"

    def sdigits(self, key: str, width: int, salt: int) -> str:
        return f"lpad({self.sn(key, 10 ** width, 'digits', salt)}::VARCHAR, {width}, '0')"

    def usd(self) -> str:
        """Whether order k is in dollars (a shape draw: the same in build and in the files)."""
        return f"({self.su('k', 'currency')} < {self.plan.shape.usd_share!r})"

    def build(self) -> None:
        p = self.plan
        offset = int.from_bytes(str(p.seed).encode(), "little") % 1000003 / 1000003
        shape = p.shape
        law = orders_law(shape, p.customers)
        level = f"1.0 - ((range + 1) * {GOLDEN} + {offset}) % 1.0"
        if shape.pareto:
            self.execute(f"""
                CREATE TABLE cust AS
                SELECT range AS cid, {law.sql(level)}::INTEGER AS n_orders
                FROM range({p.customers})
            """)
        else:
            self.execute(f"""
                CREATE TABLE cust AS
                SELECT range AS cid, {law.sql('v')}::INTEGER AS n_orders
                FROM (SELECT range, {level} AS v FROM range({p.customers}))
            """)
        dollars = shape.usd_share > 0
        first = p.first_date.isoformat()
        hist = p.history_date.isoformat()
        as_of = p.as_of.isoformat()
        item_disc = self.const(structs(ITEM_DISCOUNTS, ("c", "p")))
        status = self.u("k")
        line_key = "k * 8 + i"
        # Line structs: line number, product (drawn Zipf-like), quantity, unit price and
        # item-discount index (0: none). The inner lambda names the product id once.
        line_struct = (
            "{'ln': i::INTEGER, 'pid': p, 'qty': "
            + self.pick([1] * 16 + [2] * 3 + [3, 3, 4, 5, 6], line_key)
            + f"::INTEGER, 'price': {self.order_price(self.price('p'), dollars)}, "
            "'disc': CASE WHEN "
            f"{self.u(line_key)} < 0.08 THEN 1 + {self.n(line_key, len(ITEM_DISCOUNTS))} "
            "ELSE 0 END::INTEGER}"
        )
        pid_expr = f"floor({CATALOGUE_SIZE} * pow({self.u(line_key)}, 1.8))::BIGINT"
        lines_expr = (
            f"list_transform(range(n_lines), lambda i: "
            f"list_transform([{pid_expr}], lambda p: {line_struct})[1])"
        )
        self.build_catalogue()
        self.execute(f"""
            CREATE TABLE orders AS
            WITH o AS (
                SELECT cid, k,
                       DATE '{first}' + floor({self.u('k')} * {p.span_days})::INTEGER AS oday,
                       {self.pick(LINE_WEIGHTS, 'k')}::INTEGER AS n_lines,
                       {self.n('k', 23 * 3600)} AS sec,
                       CASE WHEN {status} < 0.05 THEN 3 WHEN {status} < 0.08 THEN 2
                            WHEN {status} < 0.11 THEN 1 WHEN {status} < 0.14 THEN 4
                            ELSE 0 END::INTEGER AS status,
                       {self.u('k')} AS pay_u,
                       1 + {self.n('k', 7)} AS rx_delay,
                       {self.u('k')} AS rx_u,
                       {self.pick([1] * 7 + [2] * 7 + [3] * 6, 'k')}::INTEGER AS rx_kind_draw,
                       {self.n('k', 5)} AS edit_ln{f", {self.usd()} AS usd" if dollars else ""}
                FROM (SELECT cid, cid * {shape.key_stride} + unnest(range(n_orders)) AS k
                      FROM cust)
            ), o2 AS (
                SELECT *,
                       oday + sec * INTERVAL 1 SECOND AS ts_start,
                       (status = 0 AND rx_u < {p.reexport_rate}
                        AND oday + rx_delay::INTEGER > DATE '{hist}'
                        AND oday + rx_delay::INTEGER <= DATE '{as_of}') AS rx
                FROM o
            )
            SELECT cid, k, oday, n_lines, ts_start,{" usd," if dollars else ""}
                   CASE WHEN status IN (2, 3) THEN NULL
                        ELSE ts_start + (120 + {self.n('k', 1680)}) * INTERVAL 1 SECOND
                   END AS ts_fin,
                   status,
                   -- payment status code (see PAYMENT_STATUS_SPELLINGS)
                   CASE WHEN rx AND rx_kind_draw = 2 THEN 3
                        WHEN status = 0 AND rx THEN 1 + (pay_u < 0.2)::INTEGER
                        WHEN status = 0 THEN CASE WHEN pay_u < 0.60 THEN 1 WHEN pay_u < 0.72
                             THEN 2 WHEN pay_u < 0.96 THEN 0 WHEN pay_u < 0.99 THEN 3 ELSE 5 END
                        WHEN status = 1 THEN CASE WHEN pay_u < 0.5 THEN 4 WHEN pay_u < 0.8
                             THEN 5 ELSE 0 END
                        WHEN status = 2 THEN CASE WHEN pay_u < 0.5 THEN 3 ELSE 0 END
                        WHEN status = 3 THEN 0
                        ELSE 3 END::INTEGER AS pay,
                   rx,
                   CASE WHEN NOT rx THEN 0
                        WHEN rx_kind_draw = 3 AND n_lines > 1 AND edit_ln % 2 = 0 THEN 4
                        ELSE rx_kind_draw END::INTEGER AS rx_kind,
                   oday + rx_delay::INTEGER AS rx_day,
                   (edit_ln % n_lines)::INTEGER AS edit_ln,
                   {lines_expr} AS lines,
                   {ORDER_NUMBER_BASE} + row_number() OVER (ORDER BY ts_start, k) AS order_no
            FROM o2
        """)
        # Versions: the original export and, for re-exported orders, the later one.
        # rx_kind: 1 cancelled, 2 payment confirmed, 3 quantity edited, 4 line removed.
        edited = (
            "list_transform(lines, lambda l: {'ln': l.ln, 'pid': l.pid, "
            "'qty': CASE WHEN l.ln = edit_ln THEN CASE WHEN l.qty > 1 THEN l.qty - 1 "
            "ELSE l.qty + 1 END ELSE l.qty END, 'price': l.price, 'disc': l.disc})"
        )
        coupons = self.const(structs(COUPONS, ("c", "p")))
        paydisc = self.const(structs(PAYMENT_DISCOUNTS, ("c", "p", "n")))
        usd_col = " usd," if dollars else ""
        # shipping is free from 4,000 pesos (100 dollars)
        free_from = f"CASE WHEN usd THEN {4000 // USD_RATE} ELSE 4000 END" if dollars else "4000"
        self.execute(f"""
            CREATE TABLE versions AS
            WITH v AS (
                SELECT order_no, k, cid, oday, ts_start, ts_fin,{usd_col} status, pay, 0 AS ver,
                       greatest(oday, DATE '{hist}') AS file_day, lines
                FROM orders
                UNION ALL
                SELECT order_no, k, cid, oday, ts_start, ts_fin,{usd_col}
                       CASE WHEN rx_kind = 1 THEN 1 ELSE status END,
                       CASE WHEN rx_kind = 1 THEN 4 WHEN rx_kind = 2 THEN 1 ELSE pay END,
                       1, rx_day,
                       CASE WHEN rx_kind = 3 OR (rx_kind = 4 AND len(lines) < 2) THEN {edited}
                            WHEN rx_kind = 4 THEN list_filter(lines, lambda l: l.ln != edit_ln)
                            ELSE lines END
                FROM orders WHERE rx
            ), a AS (
                SELECT *,
                       list_sum(list_transform(lines, lambda l: l.price * l.qty))::DECIMAL(18,2)
                           AS subtotal,
                       list_sum(list_transform(lines, lambda l: CASE WHEN l.disc = 0 THEN 0
                           ELSE round(l.price * l.qty * {item_disc}[l.disc].p / 100, 2) END
                       ))::DECIMAL(18,2) AS item_disc,
                       CASE WHEN {self.u('k')} < 0.12
                            THEN 1 + {self.n('k', len(COUPONS))} ELSE 0 END AS coupon,
                       CASE WHEN {self.u('k')} < 0.08
                            THEN 1 + {self.n('k', len(PAYMENT_DISCOUNTS))} ELSE 0 END AS pdisc,
                       {self.n('k', 20)} AS delivery,  -- <14 home, <18 pickup store, else DAC
                       {self.u('k')} < 0.10 AS free_ship
                FROM v
            ), b AS (
                SELECT *,
                       CASE WHEN coupon = 0 THEN 0 ELSE
                            round((subtotal - item_disc) * {coupons}[coupon].p / 100, 2)
                       END::DECIMAL(18,2) AS coupon_amt,
                       CASE WHEN delivery >= 14 OR free_ship OR subtotal >= {free_from} THEN 0
                            ELSE {self.order_price(self.pick([150, 190, 250], 'k'), dollars)}
                       END::DECIMAL(18,2) AS ship
                FROM a
            ), c AS (
                SELECT *,
                       CASE WHEN pdisc = 0 THEN 0 ELSE
                            round((subtotal - item_disc - coupon_amt) * {paydisc}[pdisc].p
                                  / 100, 2)
                       END::DECIMAL(18,2) AS pdisc_amt
                FROM b
            )
            SELECT *, (subtotal - item_disc - coupon_amt - pdisc_amt + ship)::DECIMAL(18,2)
                      AS order_total
            FROM c
            ORDER BY file_day, order_no, ver
        """)

    @staticmethod
    def order_price(pesos: str, dollars: bool) -> str:
        """A price in the order's currency: pesos, or dollars at USD_RATE for USD orders."""
        if not dollars:
            return pesos
        return (f"CASE WHEN usd THEN round(({pesos})::DECIMAL(18,2) / {USD_RATE}, 2)"
                f"::DECIMAL(18,2) ELSE ({pesos})::DECIMAL(18,2) END")

    def build_catalogue(self) -> None:
        """Products as a constant list variable (id + 1 -> struct), looked up per line."""
        pid = "range"
        ptype = self.ptype(pid)
        adj = self.pick(ADJECTIVES, pid)
        colour = self.pick(COLOURS, pid)
        kind = self.n(pid, 100)
        name = (f"CASE WHEN {kind} < 1 THEN NULL "
                f"WHEN {kind} < 4 THEN ({ptype}).n || ' \"' || {adj} || '\", ' || {colour}"
                f" WHEN {kind} < 6 THEN 'Pack x3 ' || ({ptype}).n || ', talle único'"
                f" ELSE ({ptype}).n || ' ' || {adj} || ' ' || {colour} END")
        cat_u = self.u(pid)
        category = (f"CASE WHEN {cat_u} < 0.03 THEN NULL WHEN {cat_u} < 0.05 "
                    f"THEN lower(({ptype}).c) || ' ' ELSE ({ptype}).c END")
        self.execute(f"""
            CREATE TABLE catalogue AS
            SELECT range AS pid,
                   {{'code': 'P' || (10000 + range)::VARCHAR,
                    'name': {csv_quote_sql(name)},
                    'brand': {self.pick(BRANDS, pid)},
                    'cat': {category},
                    'z': ({ptype}).z}} AS prod
            FROM range({CATALOGUE_SIZE})
        """)
        self.con.execute("SET VARIABLE catalogue = "
                         "(SELECT list(prod ORDER BY pid) FROM catalogue)")
        self.catalogue_var = "getvariable('catalogue')"

    # ---- the 86 output columns ---------------------------------------------------------

    def column_sql(self) -> dict[str, str]:
        """canonical column name -> SQL expression producing the field's CSV text.

        Order-level columns see one row of ``versions`` plus ``self.layers`` (evaluated once
        per order version, before the lines are unnested); the LINE_COLUMNS see the line
        struct ``l``, ``k``, ``pdisc``, ``coupon`` and ``self.line_layers``. Values that may
        hold a comma, quote or line break are quoted here (csv_quote / csv_quote_sql).
        Call once: every call draws new tags.
        """
        t = self
        cpick = t.pick
        lk = "k * 8 + l.ln"  # line key
        ok = "k"  # order key
        vk = "k * 2 + ver"  # version key (spellings that may change between exports)
        shape = self.plan.shape
        m = self.money_sql
        # Intermediate values, computed once per row in nested projections (layers) so
        # the final expressions stay small.
        layers: list[dict[str, str]] = [{}, {}, {}]
        stamp = self.timestamp_sql(layers[0])
        gender_code = t.n("cid", 20)  # <9 F, <17 M, else unknown
        fem = cpick(FEMALE_NAMES, "cid")
        mal = cpick(MALE_NAMES, "cid")
        place = t.const(structs(PLACES, ("s", "c", "p")))
        method = t.const(structs(PAYMENT_METHODS, ("m", "t")))
        layers[0].update({
            "x_gender": f"CASE WHEN {gender_code} < 9 THEN 'F' WHEN {gender_code} < 17 "
                        "THEN 'M' END",
            "x_fem": f"{gender_code} < 9 OR ({gender_code} >= 17 AND {t.u('cid')} < 0.5)",
            "x_last": cpick(LAST_NAMES, "cid"),
            "x_bplace": f"{place}[1 + {t.n('cid', len(PLACES))}]",
            "x_oplace": f"{place}[1 + {t.n(ok, len(PLACES))}]",
            "x_pm": f"{method}[1 + {t.n(ok, len(PAYMENT_METHODS))}]",
            "x_style": t.n("cid", 5),
            "x_bad": t.u("cid"),
            "x_ev": t.u(ok),
        })
        layers[1].update({
            "x_first": f"CASE WHEN x_fem THEN {fem} ELSE {mal} END",
            "x_ll": "replace(lower(strip_accents(x_last)), ' ', '')",
        })
        layers[2].update({
            "x_local": ("CASE x_style WHEN 0 THEN x_fl || '.' || x_ll "
                        "WHEN 1 THEN x_fl || '_' || x_ll WHEN 2 THEN left(x_fl, 1) || x_ll "
                        "WHEN 3 THEN x_fl || x_ll ELSE x_ll || '.' || x_fl END || cid::VARCHAR"),
        })
        layers[1]["x_fl"] = f"lower(strip_accents(CASE WHEN x_fem THEN {fem} ELSE {mal} END))"
        layers.append({
            "x_email": (f"CASE WHEN x_bad < 0.002 THEN x_local || '@example' "
                        f"WHEN x_bad < 0.003 THEN x_local || '.example.com' "
                        f"ELSE x_local || '@' || {cpick(EMAIL_DOMAINS, 'cid')} END"),
        })
        self.layers = layers
        gender = "x_gender"
        first, last = "x_first", "x_last"
        full = f"({first} || ' ' || {last})"
        email_out = ("CASE WHEN x_ev < 0.02 THEN upper(left(x_email, 1)) || substr(x_email, 2)"
                     " WHEN x_ev < 0.03 THEN ' ' || x_email || ' ' "
                     "WHEN x_ev < 0.035 THEN upper(x_email) ELSE x_email END")
        bplace = "x_bplace"
        dplace = f"CASE WHEN {t.u(ok)} < 0.85 THEN x_bplace ELSE x_oplace END"
        loc_gap = t.u("cid")  # some customers lack a city or department
        # Line level: the product comes from the catalogue variable, the size from the line.
        self.line_layers = [
            {"x_prod": f"{self.catalogue_var}[l.pid + 1]"},
            {"x_size": (f"CASE x_prod.z WHEN 1 THEN {cpick(CLOTHES_SIZES, lk)} "
                        f"WHEN 2 THEN {cpick(SHOE_SIZES, lk)} ELSE 'U' END")},
        ]
        size = "x_size"
        pcode = "x_prod.code"
        item_total = "(l.price * l.qty)"
        idisc = t.const(structs(ITEM_DISCOUNTS, ("c", "p")))
        coupons = self.const(structs(COUPONS, ("c", "p")))
        paydisc = self.const(structs(PAYMENT_DISCOUNTS, ("c", "p", "n")))
        status_sp = t.const(lit(ORDER_STATUS_SPELLINGS))
        pay_sp = t.const(lit(PAYMENT_STATUS_SPELLINGS))
        status_out = (f"{status_sp}[status + 1][1 + ({t.h(vk)} % "
                      f"len({status_sp}[status + 1]))::BIGINT]")
        pay_out = (f"{pay_sp}[pay + 1][1 + ({t.h(vk)} % len({pay_sp}[pay + 1]))::BIGINT]")
        paid = "pay IN (1, 2)"
        pm = "x_pm"
        card = f"({pm}).t = 'Tarjeta'"
        finished = "ts_fin IS NOT NULL"
        paid_at = f"ts_fin + (30 + {t.n(ok, 1200)}) * INTERVAL 1 SECOND"
        age = "(file_day - oday)"  # days between the purchase and the export
        home = "delivery < 14"
        delivery_status = (
            f"CASE WHEN status = 1 THEN 'Cancelado' WHEN status <> 0 THEN NULL "
            f"WHEN NOT ({paid}) THEN 'Pendiente' WHEN {age} > 7 THEN 'Entregado' "
            f"WHEN {age} > 1 THEN 'En camino' ELSE 'Pendiente' END"
        )
        layers[0]["x_delivery_status"] = delivery_status
        delivery_status = "x_delivery_status"

        def variant(code: str, key: str) -> str:
            """Case and white-space variants of a discount code."""
            r = t.n(key, 20)
            return (f"CASE WHEN {r} < 12 THEN {code} WHEN {r} < 14 THEN lower({code}) "
                    f"WHEN {r} < 16 THEN upper(left({code}, 1)) || lower(substr({code}, 2)) "
                    f"WHEN {r} < 18 THEN ' ' || {code} || ' ' ELSE {code} || ' ' END")

        coupon_code = variant(f"{coupons}[coupon].c", ok)
        pd_code = f"{paydisc}[pdisc].c"
        bin_ = cpick(["411111", "555555", "378282", "601100"], ok)
        last4 = t.digits(ok, 4)
        has_doc = t.u("cid")
        doc_num = t.n("cid", 9000000)
        company = f"{t.u('cid')} < 0.03"
        notes = [csv_quote(n) for n in NOTES]
        cols: dict[str, str] = {
            "order_number": self.order_number_sql(),
            "buyer_gender": (
                f"CASE {gender} WHEN 'F' THEN {cpick(FEMALE_SPELLINGS, ok)} "
                f"WHEN 'M' THEN {cpick(MALE_SPELLINGS, ok)} END"),
            "payment_discount_code": f"CASE WHEN pdisc > 0 THEN {variant(pd_code, ok)} END",
            "order_code": f"'WEB-' || {t.digits(ok, 6)}",
            "notes": f"CASE WHEN {t.u(ok)} < 0.06 THEN {cpick(notes, ok)} END",
            "payment_discount_name": f"CASE WHEN pdisc > 0 THEN {paydisc}[pdisc].n END",
            "order_origin": cpick(["Web"] * 6 + ["App"] * 3 + ["Mercado Libre", "Instagram"], ok),
            "delivery_method": (f"CASE WHEN {home} THEN 'Envío a domicilio' WHEN delivery < 18 "
                                f"THEN 'Retiro en tienda' ELSE 'Pickup DAC' END"),
            "authorization_code": f"CASE WHEN {card} AND {finished} THEN 'TEST-' || "
                                  f"{t.digits(ok, 6)} END",
            "buyer_ip": (f"{cpick(['192.0.2.', '198.51.100.', '203.0.113.'], ok)} || "
                         f"(1 + {t.n(ok, 254)})::VARCHAR"),
            "branch": (f"CASE WHEN NOT ({home}) OR {t.u(ok)} < 0.3 THEN "
                       f"{cpick(BRANCHES, ok)} END"),
            "size_code": size,
            "started_at": stamp("ts_start"),
            "recipient": f"CASE WHEN {t.u(ok)} < 0.9 THEN {full} ELSE "
                         f"{cpick(FEMALE_NAMES + MALE_NAMES, ok)} || ' ' || "
                         f"{cpick(LAST_NAMES, ok)} END",
            "variant_code": f"{pcode} || '-' || {size}",
            "finished_at": stamp("ts_fin"),
            "shipping_type": f"CASE WHEN {home} THEN {cpick(['Estándar', 'Express'], ok)} END",
            "product_code": pcode,
            "paid_at": f"CASE WHEN {paid} AND {finished} THEN {stamp(paid_at)} END",
            "delivered_at": (f"CASE WHEN {delivery_status} = 'Entregado' THEN " + stamp(
                f"ts_fin + (86400 + {t.n(ok, 5 * 86400)}) * INTERVAL 1 SECOND") + " END"),
            "gift_amount": f"CASE WHEN {t.u(ok)} < 0.05 THEN {m('0')} END",
            "order_status": status_out,
            "delivery_schedule": f"CASE WHEN {home} THEN {cpick(SCHEDULES, ok)} END",
            "quantity": "l.qty::VARCHAR",
            "delivery_status": delivery_status,
            "billing_country": f"CASE WHEN {t.u('cid')} < 0.98 THEN 'Uruguay' END",
            "sku": f"{pcode} || {size}",
            "tracking_info": (f"CASE WHEN {home} AND {finished} THEN "
                              f"{cpick(['UES', 'DAC - Agencia Central', None], ok)} END"),
            "billing_state": f"CASE WHEN {loc_gap} > 0.03 THEN ({bplace}).s END",
            "item_name": "x_prod.name",
            "tracking_code": (f"CASE WHEN {home} AND {finished} AND status = 0 THEN 'DAC' || "
                              f"{t.digits(ok, 9)} END"),
            "billing_city": f"CASE WHEN {loc_gap} > 0.05 THEN ({bplace}).c END",
            "item_total": m(item_total),
            "currency": self.currency_sql(t.u(ok)),
            "billing_street": cpick(FAKE_STREETS, "cid"),
            "brand": "x_prod.brand",
            "coupon_discount_amount": f"CASE WHEN coupon > 0 THEN {m('coupon_amt')} END",
            "billing_door_number": f"(100 + {t.n('cid', 4900)})::VARCHAR",
            "unknown_sai": cpick(["1", "S", "N", None], ok),
            "payment_discount_amount": f"CASE WHEN pdisc > 0 THEN {m('pdisc_amt')} END",
            "billing_apartment": cpick(["101", "3B", "802", None, None], "cid"),
            "unknown_tomada": cpick(["1", "0", "Sí", None], ok),
            "shipping_amount": m("ship"),
            "billing_postal_code": f"CASE WHEN {t.u('cid')} < 0.8 THEN ({bplace}).p END",
            "category": "x_prod.cat",
            "order_total": m("order_total"),
            "delivery_country": "'Uruguay'",
            "item_payment_discount_amount": (
                f"CASE WHEN pdisc > 0 THEN "
                f"{m(f'round({item_total} * {paydisc}[pdisc].p / 100, 2)')} END"),
            "payment_status": pay_out,
            "delivery_state": f"({dplace}).s",
            "item_coupon_discount_amount": (
                f"CASE WHEN coupon > 0 THEN "
                f"{m(f'round({item_total} * {coupons}[coupon].p / 100, 2)')} END"),
            "payment_method": f"({pm}).m",
            "delivery_city": f"({dplace}).c",
            "item_discount_amount": (
                f"CASE WHEN l.disc > 0 THEN "
                f"{m(f'round({item_total} * {idisc}[l.disc].p / 100, 2)')} END"),
            "bank": (f"CASE WHEN {card} OR ({pm}).m = 'Transferencia bancaria' THEN "
                     f"{cpick(BANKS, ok)} END"),
            "delivery_coordinates": f"CASE WHEN {home} THEN '\"0.000000,0.000000\"' END",
            "item_payment_discount_code": f"CASE WHEN pdisc > 0 THEN {variant(pd_code, lk)} END",
            "payment_method_type": f"({pm}).t",
            "delivery_street": cpick(FAKE_STREETS, ok),
            "coupon_discount_code": f"CASE WHEN coupon > 0 THEN {coupon_code} END",
            "payment_amount": f"CASE WHEN {paid} THEN {m('order_total')} END",
            "delivery_door_number": f"(100 + {t.n(ok, 4900)})::VARCHAR",
            "item_discount_code": f"CASE WHEN l.disc > 0 THEN {variant(f'{idisc}[l.disc].c', lk)}"
                                  f" END",
            "payment_details": (f"CASE WHEN {card} THEN 'TARJETA DE PRUEBA - cuotas: ' || "
                                f"{cpick(['1', '3', '6', '12'], ok)} END"),
            "delivery_apartment": cpick(["101", "202", "3B", None, None], ok),
            "promo_code": (f"CASE WHEN {t.u(ok)} < 0.03 THEN "
                           f"{variant(cpick([c for c, _ in COUPONS], ok), ok)} END"),
            "payment_id_fenicio": f"'FP' || {t.digits(ok, 8)}",
            "delivery_postal_code": f"CASE WHEN {home} THEN ({dplace}).p END",
            "payment_id_external": (f"CASE WHEN {finished} AND NOT {card} THEN "
                                    f"{t.digits(ok, 10)} END"),
            "delivery_address_notes": cpick(
                ["Dato de prueba: casa con rejas", "Dato de prueba: apto. al fondo", None], ok),
            "taxes": m("round(order_total * 22 / 122, 2)"),
            "card_number": f"CASE WHEN {card} THEN {bin_} || '******' || {last4} END",
            "buyer_name": f"CASE WHEN {t.u(ok)} < 0.95 THEN {full} END",
            "card_bin": f"CASE WHEN {card} THEN {bin_} END",
            "buyer_first_name": f"CASE WHEN {t.u('cid')} < 0.97 THEN {first} END",
            "card_last4": f"CASE WHEN {card} THEN {last4} END",
            "buyer_last_name": f"CASE WHEN {t.u('cid')} < 0.97 THEN {last} END",
            "coupon": f"CASE WHEN {t.u(ok)} < 0.01 THEN {variant(lit('REGALO'), ok)} END",
            "buyer_email": email_out,
            "discount_coupon": (f"CASE WHEN {t.u(ok)} < 0.01 THEN "
                                f"{variant(cpick([c for c, _ in COUPONS], ok), ok)} END"),
            "buyer_phone": (f"CASE WHEN {has_doc} < 0.8 THEN '09' || {t.digits('cid', 7)} "
                            f"WHEN {has_doc} < 0.9 THEN '2' || {t.digits('cid', 7)} END"),
            "free_shipping_coupon": (f"CASE WHEN free_ship AND {home} THEN "
                                     f"{variant(lit('ENVIOGRATIS'), ok)} END"),
            "buyer_document": (
                f"CASE WHEN {has_doc} < 0.5 THEN lpad(({doc_num} + 500000)::VARCHAR, 8, '0') "
                f"WHEN {has_doc} < 0.8 THEN format('{{:d}}.{{:03d}}.{{:03d}}-{{:d}}', "
                f"(({doc_num} + 500000) // 1000000)::BIGINT, "
                f"((({doc_num} + 500000) // 1000) % 1000)::BIGINT, "
                f"(({doc_num} + 500000) % 1000)::BIGINT, {t.n('cid', 10)}) "
                f"WHEN {has_doc} < 0.85 THEN {t.digits('cid', 8)} END"),
            "company_tax_id": f"CASE WHEN {company} THEN '21' || {t.digits('cid', 10)} END",
            "buyer_document_type": (f"CASE WHEN {has_doc} < 0.8 THEN 'CI' "
                                    f"WHEN {has_doc} < 0.82 THEN 'DNI' "
                                    f"WHEN {has_doc} < 0.85 THEN 'Pasaporte' END"),
            "company_name": (f"CASE WHEN {company} THEN {cpick(COMPANY_WORDS, 'cid')} || ' ' || "
                             f"{last} || {cpick(COMPANY_SUFFIXES, 'cid')} END"),
        }
        if shape.fill > 0:
            layers[0]["x_fu"] = self.su(ok, "fill")
            fillers = self.fillers(m, stamp, full=full, first=first, last=last,
                                   bplace=bplace, dplace=dplace)
            for i, (name, (filler, replaces)) in enumerate(fillers.items()):
                key = (f"(({self.su(lk, 'fill_line')} + {i} * {GOLDEN}) % 1.0)"
                       if name in LINE_COLUMNS else f"((x_fu + {i} * {GOLDEN}) % 1.0)")
                chosen = f"{key} < {shape.fill!r}"
                cols[name] = (f"CASE WHEN {chosen} THEN {filler} END" if replaces else
                              f"coalesce({cols[name]}, CASE WHEN {chosen} THEN {filler} END)")
        return cols

    # ---- shape options -----------------------------------------------------------------

    def money_sql(self, expr: str) -> str:
        """An amount as the shape's money style writes it (CSV-ready)."""
        dot = f"{expr}::DECIMAL(18,2)::VARCHAR"
        style = self.plan.shape.money
        if style == "dot":
            return dot
        if style == "short":
            return f"rtrim(rtrim({dot}, '0'), '.')"
        if style == "comma":
            return f"'\"' || replace({dot}, '.', ',') || '\"'"
        if style == "grouped":
            return (f"'\"' || translate(format('{{:,.2f}}', ({expr})::DECIMAL(18,2)::DOUBLE), "
                    f"',.', '.,') || '\"'")
        return f"'$ ' || {dot}"  # symbol

    def timestamp_sql(self, layer: dict[str, str]):
        """A function: timestamp expression -> its text in the shape's style.

        Offsets are the store's (-03:00) or UTC (Z, the instant shifted by 3 hours), so every
        style gives the same instants. Per-order choices go into ``layer``.
        """
        style = self.plan.shape.timestamps
        dmy, iso, iso_t = "'%d/%m/%Y %H:%M:%S'", "'%Y-%m-%d %H:%M:%S'", "'%Y-%m-%dT%H:%M:%S'"
        hours = -STORE_UTC_OFFSET_HOURS
        offset = f"{'-' if STORE_UTC_OFFSET_HOURS < 0 else '+'}{abs(STORE_UTC_OFFSET_HOURS):02d}"

        def utc(e: str) -> str:
            return f"strftime(({e}) + INTERVAL {hours} HOUR, {iso_t}) || 'Z'"

        if style == "dmy":
            return lambda e: f"strftime({e}, {dmy})"
        if style == "iso":
            return lambda e: f"strftime({e}, {iso})"
        if style == "iso-offset":
            layer["x_tsz"] = f"{self.su('k', 'timestamp_zone')} < 0.2"
            return lambda e: (f"CASE WHEN x_tsz THEN {utc(e)} ELSE strftime({e}, {iso_t}) "
                              f"|| '{offset}:00' END")
        layer["x_tss"] = self.sn("k", 6, "timestamp_style")
        return lambda e: (
            f"CASE x_tss WHEN 0 THEN strftime({e}, {dmy}) WHEN 1 THEN strftime({e}, {iso}) "
            f"WHEN 2 THEN strftime({e}, {iso_t}) "
            f"WHEN 3 THEN strftime({e}, {iso_t}) || '{offset}:00' "
            f"WHEN 4 THEN strftime({e}, {iso_t}) || '{offset}00' ELSE {utc(e)} END")

    def currency_sql(self, default_u: str) -> str:
        """The currency column. ``default_u`` is the default shape's draw (its tag is taken
        whatever the shape, so that the other columns' draws do not move)."""
        shape = self.plan.shape
        if shape.usd_share == 0:
            return f"CASE WHEN {default_u} < {1 - shape.empty_currency_share!r} THEN 'UYU' END"
        u = self.su("k", "currency")
        return (f"CASE WHEN {u} < {shape.usd_share!r} THEN 'USD' "
                f"WHEN {u} < {shape.usd_share + shape.empty_currency_share!r} THEN NULL "
                f"ELSE 'UYU' END")

    def order_number_sql(self) -> str:
        if self.plan.shape.order_numbers == "sequential":
            return "order_no::VARCHAR"
        # 1 to 8 digits, or 10, 12 or 14: the lengths tell the kinds apart, so no two
        # orders share a number.
        seq = f"(order_no - {ORDER_NUMBER_BASE})"
        u = self.su("k", "order_number")
        return (f"CASE WHEN {u} < 0.7 THEN {seq}::VARCHAR "
                f"WHEN {u} < 0.85 THEN '1' || lpad({seq}::VARCHAR, 9, '0') "
                f"WHEN {u} < 0.95 THEN '20' || lpad({seq}::VARCHAR, 10, '0') "
                f"ELSE '3000' || lpad({seq}::VARCHAR, 10, '0') END")

    def fillers(self, m, stamp, *, full: str, first: str, last: str, bplace: str,
                dplace: str) -> dict[str, tuple[str, bool]]:
        """column -> (a CSV-ready value for a row the default leaves empty, whether it
        replaces the default's value too: free text and coordinates, so they vary)."""
        ok = "k"
        sp, sd = self.spick, self.sdigits
        note = self.sn(ok, 4, "note_kind")
        street = sp(FAKE_STREETS, ok, 1)
        wish = sp(["Feliz cumple", "Felicidades", "Con cariño"], ok, 2)
        door = self.sn(ok, 4900, "note_a")
        notes = (
            f"CASE {note} "
            f"WHEN 0 THEN 'Entregar en ' || {street} || ' ' || (100 + {door})::VARCHAR"
            f" || ', timbre \"\"' || (1 + {self.sn(ok, 20, 'note_b')})::VARCHAR "
            f"|| 'B\"\", gracias' "
            f"WHEN 1 THEN 'Llamar antes al 09' || {sd(ok, 7, 1)} || ', no funciona el timbre.'"
            f" || chr(10) || 'Dejar en portería si no hay nadie' "
            f"WHEN 2 THEN 'Regalo: \"\"' || {wish}"
            f" || ', ' || {first} || '!\"\" sin precio, envolver' "
            f"ELSE 'Pedido ' || order_no::VARCHAR || ', entregar de ' || "
            f"(8 + {self.sn(ok, 6, 'note_a', 1)})::VARCHAR || ' a ' || "
            f"(15 + {self.sn(ok, 5, 'note_b', 1)})::VARCHAR || ' hs' END"
        )
        coordinates = (
            f"'\"-' || (30 + {self.sn(ok, 5, 'coordinates_a')})::VARCHAR || '.' || "
            f"lpad({self.sn(ok, 1000000, 'coordinates_b')}::VARCHAR, 6, '0') || ',-' || "
            f"(53 + {self.sn(ok, 5, 'coordinates_c')})::VARCHAR || '.' || "
            f"lpad({self.sn(ok, 1000000, 'coordinates_d')}::VARCHAR, 6, '0') || '\"'"
        )
        place = sp(["casa con rejas", "apto. al fondo", "portón negro", "local comercial"], ok, 3)
        address_note = (
            f"'\"Dato de prueba: ' || {place}"
            f" || ', esquina ' || {sp(FAKE_STREETS, ok, 4)} || '\"'"
        )
        zero = m("0")
        return {
            "notes": (f"'\"' || {notes} || '\"'", True),
            "delivery_coordinates": (coordinates, True),
            "delivery_address_notes": (address_note, True),
            "buyer_gender": (sp(["F", "M", "Femenino", "Masculino"], "cid", 5), False),
            "payment_discount_name": ("'Sin promoción'", False),
            "authorization_code": (f"'TEST-' || {sd(ok, 6, 2)}", False),
            "branch": (sp(BRANCHES, ok, 6), False),
            "shipping_type": (sp(["Estándar", "Express"], ok, 7), False),
            "paid_at": (stamp(f"ts_start + (600 + {self.sn(ok, 3600, 'digits', 3)}) "
                              "* INTERVAL 1 SECOND"), False),
            "delivered_at": (stamp(f"ts_start + (2 * 86400 + {self.sn(ok, 432000, 'digits', 4)})"
                                   " * INTERVAL 1 SECOND"), False),
            "gift_amount": (zero, False),
            "delivery_schedule": (sp(["Sábados 10 a 13", "Lunes a viernes 9 a 18",
                                      "Cualquier horario"], ok, 8), False),
            "delivery_status": ("'Pendiente'", False),
            "billing_country": ("'Uruguay'", False),
            "tracking_info": (sp(["UES", "DAC - Agencia Central", "Correo Uruguayo"], ok, 9),
                              False),
            "billing_state": (f"({bplace}).s", False),
            "billing_city": (f"({bplace}).c", False),
            "tracking_code": (f"'DAC' || {sd(ok, 9, 5)}", False),
            "coupon_discount_amount": (zero, False),
            "unknown_sai": (sp(["1", "S", "N"], ok, 10), False),
            "payment_discount_amount": (zero, False),
            "billing_apartment": (sp(["101", "3B", "802", "1204"], "cid", 11), False),
            "unknown_tomada": (sp(["1", "0", "Sí"], ok, 12), False),
            "billing_postal_code": (f"({bplace}).p", False),
            "item_payment_discount_amount": (zero, False),
            "item_coupon_discount_amount": (zero, False),
            "item_discount_amount": (zero, False),
            "bank": (sp(BANKS, ok, 13), False),
            "payment_amount": (m("order_total"), False),
            "payment_details": ("'Pago de prueba - cuotas: 1'", False),
            "delivery_apartment": (sp(["101", "202", "3B", "1102"], ok, 14), False),
            "delivery_postal_code": (f"({dplace}).p", False),
            "payment_id_external": (sd(ok, 10, 6), False),
            "buyer_name": (full, False),
            "buyer_first_name": (first, False),
            "buyer_last_name": (last, False),
            "buyer_phone": (f"'09' || {sd('cid', 7, 7)}", False),
            "buyer_document": (sd("cid", 8, 8), False),
            "company_tax_id": (f"'21' || {sd('cid', 10, 9)}", False),
            "buyer_document_type": ("'CI'", False),
            "company_name": (f"{sp(COMPANY_WORDS, 'cid', 15)} || ' ' || {last} || ' S.A.'",
                             False),
        }

    def select_sql(self, file_day: date) -> str:
        """One file's rows, each a single pre-formatted CSV line (written unquoted).

        Order-level columns are formatted once per order version, as the text segments
        between the line-level columns; the lines are then unnested and the segments joined
        with the line's own values. The header is the column's name.
        """
        if self.exprs is None:  # once: the tags (hence the values) must not change per file
            self.exprs = self.column_sql()
        exprs = self.exprs
        names = [c.name for c in columns()]
        missing = set(names) - set(exprs)
        extra = set(exprs) - set(names)
        if missing or extra:
            raise RuntimeError(f"sample columns out of sync: missing {missing}, extra {extra}")
        # Split the columns into runs of order-level columns and single line-level columns.
        parts: list[str] = []  # final concat arguments (segment names or line expressions)
        segments: dict[str, str] = {}
        run: list[str] = []

        def close_run() -> None:
            if run:
                name = f"s{len(segments)}"
                segments[name] = "concat(" + ", ',', ".join(run) + ")"
                parts.append(name)
                run.clear()

        for name in names:
            if name in LINE_COLUMNS:
                close_run()
                parts.append(exprs[name])
            else:
                run.append(exprs[name])
        close_run()
        header = ",".join(c.header_pt for c in columns()).replace('"', '""')
        source = (f"SELECT * FROM versions WHERE file_day = DATE '{file_day.isoformat()}'")
        for layer in self.layers:
            extra_cols = ", ".join(f"{expr} AS {name}" for name, expr in layer.items())
            source = f"SELECT *, {extra_cols} FROM ({source})"
        seg_cols = ", ".join(f"{expr} AS {name}" for name, expr in segments.items())
        source = f"SELECT k, pdisc, coupon, lines, {seg_cols} FROM ({source})"
        source = (f"SELECT k, pdisc, coupon, {', '.join(segments)}, unnest(lines) AS l "
                  f"FROM ({source})")
        for layer in self.line_layers:
            extra_cols = ", ".join(f"{expr} AS {name}" for name, expr in layer.items())
            source = f"SELECT *, {extra_cols} FROM ({source})"
        line = "concat(" + ", ',', ".join(parts) + ")"
        return f'SELECT {line} AS "{header}" FROM ({source})'


# --------------------------------------------------------------------------------------------
# Writing the files


def today() -> date:
    try:
        from zoneinfo import ZoneInfo

        return datetime.now(ZoneInfo("America/Montevideo")).date()
    except Exception:  # no tz database
        return date.today()


def file_names(plan: Plan) -> list[tuple[date, str]]:
    hist = plan.history_date
    out = [(hist, f"ventas_{hist.isoformat()}_historico.csv")]
    for i in range(1, plan.days + 1):
        day = hist + timedelta(days=i)
        out.append((day, f"ventas_{day.isoformat()}.csv"))
    return out


def rates_file(out: Path) -> Path:
    """Where the sample writes the currency rates its USD orders need (not an export: the
    folder's *.csv are the exports, so it goes one level down)."""
    return out / "config" / "currency_rates.csv"


def generate(out: Path, plan: Plan, threads: int | None = None,
             progress: bool = False) -> list[tuple[str, int, int, int]]:
    """Write the files; return (file name, lines, orders, customers) per file.

    Each file is written to a hidden temporary name in ``out`` and renamed when complete.
    """
    out.mkdir(parents=True, exist_ok=True)
    config: dict[str, object] = {"preserve_insertion_order": True}
    if threads:
        config["threads"] = threads
    con = duckdb.connect(config=config)
    try:
        gen = Generator(con, plan)
        gen.build()
        stats = {
            row[0]: row[1:]
            for row in con.execute(
                "SELECT file_day, sum(len(lines))::BIGINT, count(*)::BIGINT,"
                " count(DISTINCT cid)::BIGINT FROM versions GROUP BY file_day").fetchall()
        }
        total = sum(v[0] for v in stats.values())
        bar = console.Progress("sample lines written", total) if progress else None
        result = []
        for day, name in file_names(plan):
            final = out / name
            tmp = out / f".{name}.tmp"
            try:
                # Rows are ready-made CSV lines: write them as they are (no quoting).
                gen.execute(f"COPY ({gen.select_sql(day)}) TO {sql_literal(str(tmp))} "
                            "(FORMAT csv, HEADER true, QUOTE '', ESCAPE '')")
                os.replace(tmp, final)
            finally:
                tmp.unlink(missing_ok=True)
            lines, orders, customers = stats.get(day, (0, 0, 0))
            result.append((name, lines, orders, customers))
            if bar:
                bar.advance(lines)
        if bar:
            bar.close()
        if plan.shape.usd_share > 0:
            rates = rates_file(out)
            rates.parent.mkdir(exist_ok=True)
            rates.write_text(f"currency,rate_to_base\nUSD,{USD_RATE}\n", encoding="utf-8")
        return result
    finally:
        con.close()


def write(out: Path, plan: Plan) -> int:
    """Write the sample's files into ``out`` and say what each holds; the exit code."""
    started = time.monotonic()
    try:
        written = generate(out, plan, progress=True)
    except (OSError, duckdb.Error) as exc:
        console.error(f"could not write the sample: {exc}")
        return console.FAILURE
    width = max(len(name) for name, *_ in written)
    for name, lines, orders, customers in written:
        console.info(f"{name:<{width}}  {lines:>10,} lines  {orders:>9,} orders  "
                     f"{customers:>9,} customers")
    total = sum(w[1] for w in written)
    console.info(f"wrote {len(written)} files, {total:,} lines, to {out} "
                 f"({plan.customers:,} customers, seed {plan.seed}, as of "
                 f"{plan.as_of.isoformat()}, shape {plan.shape.describe()}, "
                 f"{time.monotonic() - started:.1f} s)")
    rates = rates_file(out)
    if plan.shape.usd_share > 0:
        console.info(f"orders in USD: copy {rates} to the store's config folder "
                     "(<data dir>/config/) before building: a currency without a rate fails "
                     "the build")
    return console.OK
