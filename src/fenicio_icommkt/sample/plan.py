"""What a sample is: how many customers, which dates, and its ``Shape`` (how the files are
written, and the law of orders per customer, ``OrdersLaw``); ``make_plan`` turns the
command's options into a ``Plan``."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta

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
        return (f"(case when {v} > {s2!r} then 1 "
                f"when {v} > 0.01 then least({k - 1}, 2 + floor(ln({v} / {s2!r}) / "
                f"ln({body!r}))) "
                f"else least({self.cap}, {tail_n}) end)")


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
