"""Drawing the report: the figures laid out as one HTML page, charts where people would
rather look, tables where they would rather read, in the report's language."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from fenicio_icommkt.report.figures import Rows, as_of_of
from fenicio_icommkt.report.i18n import Formatter, words

GROUPS = ("LOYAL", "FREQUENT", "BEGINNERS", "PROSPECTS")
PERIODS = ("30", "90", "360", "total")
HEADLINE_MEASURES = (
    ("customers", "number"), ("buyers", "number"), ("prospects", "number"),
    ("repeat_rate", "share"), ("revenue", "money"), ("orders", "number"),
    ("average_ticket", "money"), ("revenue_per_buyer", "money"),
)
#: Plotly's options for every chart: no logo, no "edit in Chart Studio" link.
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True,
                 "modeBarButtonsToRemove": ["sendDataToCloud"]}
#: Line colours (Plotly's default sequence).
COLOURS = ["#636efa", "#ef553b", "#00cc96", "#ab63fa", "#ffa15a", "#19d3f3", "#ff6692",
           "#b6e880", "#ff97ff", "#fecb52"]
#: At most this many recorded dates per time-series line: a long daily history is thinned
#: to every k-th date (the latest always kept), so the file stays small.
MAX_SERIES_POINTS = 120


@dataclass
class Page:
    """One report being written: its language and what it holds so far."""

    fmt: Formatter
    w: dict[str, str]
    charts: int = 0

    def chart(self, figure: Any, name: str) -> str:
        """A Plotly figure as a div and its drawing call (the library is in the page once)."""
        import plotly.io as pio

        # template "none" plus a few colours: the "plotly_white" template's 7 KB would be
        # embedded in every chart
        grid = {"gridcolor": "#e4e7eb", "zeroline": False, "automargin": True}
        figure.update_layout(separators=self.fmt.plotly_separators(),
                             margin={"l": 60, "r": 20, "t": 50, "b": 50},
                             font={"family": "system-ui, sans-serif", "size": 12},
                             template="none", colorway=COLOURS,
                             plot_bgcolor="white", paper_bgcolor="white")
        figure.update_xaxes(**grid)
        figure.update_yaxes(**grid)
        self.charts += 1
        return ('<div class="chart">'
                + pio.to_html(figure, full_html=False, include_plotlyjs=False,
                              div_id=f"chart-{name}", config=PLOTLY_CONFIG,
                              default_width="100%", default_height="420px")
                + "</div>")


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def table(headers: list[str], rows: list[list[str]], numeric: set[int] | None = None,
          attributes: list[list[str]] | None = None, empty: str = "") -> str:
    """An HTML table; cells already formatted (escaped here); numeric columns right-aligned."""
    if not rows:
        return f'<p class="empty">{esc(empty)}</p>'
    numeric = numeric or set()
    head = "".join(f'<th{" class=num" if i in numeric else ""}>{esc(h)}</th>'
                   for i, h in enumerate(headers))
    body = []
    for r, row in enumerate(rows):
        cells = []
        for i, cell in enumerate(row):
            extra = attributes[r][i] if attributes and attributes[r][i] else ""
            cls = ' class="num"' if i in numeric else ""
            cells.append(f"<td{cls}{extra}>{esc(cell)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def period_label(w: dict[str, str], period: str) -> str:
    return w[f"period_{period}"]


def scope_label(w: dict[str, str], scope: str) -> str:
    if scope == "total":
        return w["period_total"]
    if scope.endswith("_plus"):
        return w["scope_plus"].format(days=scope.removesuffix("_plus"))
    return w["scope_window"].format(days=scope)


def format_value(fmt: Formatter, kind: str, value: Any) -> str:
    if kind == "money":
        return fmt.money(value)
    if kind == "share":
        return fmt.share(value)
    return fmt.number(value)


def section_headline(page: Page, figures: dict[str, Rows]) -> str:
    w, fmt = page.w, page.fmt
    by_period = {row["period"]: row for row in figures["rpt_headline"]}
    periods = [p for p in PERIODS if p in by_period]
    rows, attrs = [], []
    for measure, kind in HEADLINE_MEASURES:
        rows.append([w[measure], *[format_value(fmt, kind, by_period[p][measure])
                                   for p in periods]])
        attrs.append(["", *[f' data-figure="{measure}:{p}"' for p in periods]])
    return (table(["", *[period_label(w, p) for p in periods]], rows,
                  numeric=set(range(1, len(periods) + 1)), attributes=attrs)
            + f'<p class="note">{esc(w["headline_note"])}</p>')


def _scopes(rows: Rows) -> list[str]:
    order = {row["scope"]: row["scope_order"] for row in rows}
    # lifetime first, then the windows from the shortest
    return sorted(order, key=lambda s: (s != "total", order[s]))


def section_rfm(page: Page, figures: dict[str, Rows]) -> str:
    import plotly.graph_objects as go

    w, fmt = page.w, page.fmt
    groups = sorted(figures["rpt_rfm_groups"], key=lambda r: r["group_order"])
    parts = [table([w["rfm_group"], w["customers"], w["share"], w["revenue"]],
                   [[g["rfm_group"], fmt.number(g["customers"]), fmt.share(g["customer_share"]),
                     fmt.money(g["revenue"])] for g in groups], numeric={1, 2, 3},
                   attributes=[["", f' data-figure="group_customers:{g["rfm_group"]}"', "", ""]
                               for g in groups])]
    grid = figures["rpt_rfm_grid"]
    scopes = _scopes(grid)
    figure = go.Figure()
    for index, scope in enumerate(scopes):
        cells = {(c["r_score"], c["f_score"]): c for c in grid if c["scope"] == scope}
        z = [[cells[(r, f)]["customers"] for f in range(1, 6)] for r in range(1, 6)]
        text = [[cells[(r, f)]["rfm_segment"] or "" for f in range(1, 6)] for r in range(1, 6)]
        figure.add_trace(go.Heatmap(
            x=[1, 2, 3, 4, 5], y=[1, 2, 3, 4, 5], z=z, text=text, name=scope_label(w, scope),
            texttemplate="%{text}<br>%{z:,}", colorscale="Blues", visible=index == 0,
            hovertemplate=f"R %{{y}} · F %{{x}}<br>%{{text}}<br>{w['customers']}: %{{z:,}}"
                          "<extra></extra>",
        ))
    figure.update_layout(
        title=w["rfm_grid"], xaxis_title=w["frequency"], yaxis_title=w["recency"],
        xaxis={"dtick": 1}, yaxis={"dtick": 1},
        updatemenus=[{"buttons": [
            {"label": scope_label(w, scope), "method": "update",
             "args": [{"visible": [i == j for j in range(len(scopes))]}]}
            for i, scope in enumerate(scopes)], "x": 1, "xanchor": "right", "y": 1.15}],
    )
    parts.append(page.chart(figure, "rfm-grid"))
    segments = figures["rpt_rfm_segments"]
    names = sorted({s["rfm_segment"] for s in segments})
    seg_scopes = _scopes(segments) if segments else []
    by_key = {(s["scope"], s["rfm_segment"]): s for s in segments}
    rows = [[name, *[fmt.number(by_key[(scope, name)]["customers"]) if (scope, name) in by_key
                     else "0" for scope in seg_scopes]] for name in names]
    attrs = [["", *[f' data-figure="segment_customers:{scope}:{name}"' for scope in seg_scopes]]
             for name in names]
    parts.append(f"<h3>{esc(w['segments_by_scope'])}</h3>"
                 + table([w["rfm_segment"], *[scope_label(w, s) for s in seg_scopes]], rows,
                         numeric=set(range(1, len(seg_scopes) + 1)), attributes=attrs))
    return "".join(parts)


def _movement_matrix(page: Page, rows: Rows, kind: str, name: str, title: str) -> str:
    import plotly.graph_objects as go

    w = page.w
    new, gone = w["new_customer"], w["gone_customer"]
    periods = sorted({(r["period_order"], r["period"], r["compared_date"]) for r in rows})
    figure = go.Figure()
    for index, (_, period, _compared) in enumerate(periods):
        pairs = [r for r in rows if r["period"] == period and r["tracked_kind"] == kind]
        values = sorted({r["from_value"] for r in pairs if r["from_value"]}
                        | {r["to_value"] for r in pairs if r["to_value"]},
                        key=lambda v: (GROUPS.index(v) if v in GROUPS else 9, v))
        sources = values + ([new] if any(r["from_value"] is None for r in pairs) else [])
        targets = values + ([gone] if any(r["to_value"] is None for r in pairs) else [])
        counts = {(r["from_value"] or new, r["to_value"] or gone): r["customers"] for r in pairs}
        z = [[counts.get((s, t), 0) for t in targets] for s in sources]
        figure.add_trace(go.Heatmap(
            x=targets, y=sources, z=z, texttemplate="%{z:,}", colorscale="Oranges",
            visible=index == 0, showscale=False,
            hovertemplate=f"{w['from']}: %{{y}}<br>{w['to']}: %{{x}}<br>"
                          f"{w['customers']}: %{{z:,}}<extra></extra>",
        ))
    labels = [(w["movement_since_last"] if period == "since_last_recorded"
               else w["movement_30"]).format(date=page.fmt.date(compared))
              for _, period, compared in periods]
    figure.update_layout(
        title=title, xaxis_title=w["to"], yaxis_title=w["from"],
        yaxis={"autorange": "reversed", "type": "category"}, xaxis={"type": "category"},
        updatemenus=[{"buttons": [
            {"label": label, "method": "update",
             "args": [{"visible": [i == j for j in range(len(periods))]}]}
            for i, label in enumerate(labels)], "x": 1, "xanchor": "right", "y": 1.15}],
        height=520 if kind == "segment" else 420,
    )
    return page.chart(figure, name)


def thinned(dates: list[date]) -> list[date]:
    """At most MAX_SERIES_POINTS dates: every k-th, counted back from the latest."""
    if len(dates) <= MAX_SERIES_POINTS:
        return dates
    step = -(-len(dates) // MAX_SERIES_POINTS)
    return dates[::-1][::step][::-1]


def section_movement(page: Page, figures: dict[str, Rows]) -> str:
    import plotly.graph_objects as go

    w, fmt = page.w, page.fmt
    moves = figures["rpt_segment_movement"]
    parts = []
    if not moves:
        parts.append(f'<p class="empty">{esc(w["no_movement"])}</p>')
    else:
        parts.append(_movement_matrix(page, moves, "group", "movement-groups",
                                      w["movement_groups"]))
        # who left each group in the longer period, and to where: the marketer's question
        period = max(moves, key=lambda r: r["period_order"])
        chosen = [r for r in moves if r["period"] == period["period"]
                  and r["tracked_kind"] == "group" and r["from_value"] and r["moved"]]
        rows = []
        for group in GROUPS:
            out = sorted((r for r in chosen if r["from_value"] == group),
                         key=lambda r: -r["customers"])
            if out:
                rows.append([w["left_group"].format(group=group),
                             fmt.number(sum(r["customers"] for r in out)),
                             ", ".join(f"{r['to_value'] or w['gone_customer']} "
                                       f"{fmt.number(r['customers'])}" for r in out)])
        label = (w["movement_since_last"] if period["period"] == "since_last_recorded"
                 else w["movement_30"]).format(date=fmt.date(period["compared_date"]))
        parts.append(f"<h3>{esc(w['moves_out'])} · {esc(label)}</h3>"
                     + table(["", w["customers"], w["to"]], rows, numeric={1},
                             empty=w["none"]))
        parts.append(_movement_matrix(page, moves, "segment", "movement-segments",
                                      w["movement_segments"]))
    counts = figures["rpt_segment_counts_by_date"]
    dates = thinned(sorted({c["recorded_date"] for c in counts}))
    labels = [fmt.date(d) for d in dates]
    for level, title, name in (("rfm_group", w["counts_over_time"], "counts-groups"),
                               ("rfm_segment", w["segments_over_time"], "counts-segments")):
        totals: dict[tuple[str, date], int] = {}
        for c in counts:
            key = (c[level], c["recorded_date"])
            totals[key] = totals.get(key, 0) + c["customers"]
        values = sorted({k[0] for k in totals},
                        key=lambda v: (GROUPS.index(v) if v in GROUPS else 9, v))
        figure = go.Figure()
        for value in values:
            figure.add_trace(go.Scatter(
                x=labels, y=[totals.get((value, d), 0) for d in dates], name=value,
                mode="lines+markers" if len(dates) < 60 else "lines",
                hovertemplate=f"{value}<br>%{{x}}: %{{y:,}}<extra></extra>"))
        figure.update_layout(title=title, xaxis_title=w["recorded_date"],
                             yaxis_title=w["customers"], xaxis={"type": "category"})
        parts.append(page.chart(figure, name))
    return "".join(parts)


def section_sales(page: Page, figures: dict[str, Rows]) -> str:
    import plotly.graph_objects as go

    w, fmt = page.w, page.fmt
    months = sorted(figures["rpt_sales_by_month"], key=lambda r: r["month_start"])
    labels = [fmt.month(m["month_start"]) for m in months]
    revenue = go.Figure()
    revenue.add_trace(go.Scatter(x=labels, y=[float(m["revenue"]) for m in months],
                                 name=w["revenue"], mode="lines+markers",
                                 hovertemplate="%{x}: %{y:,.2f}<extra></extra>"))
    revenue.add_trace(go.Scatter(x=labels, y=[m["orders"] for m in months], name=w["orders"],
                                 mode="lines+markers", yaxis="y2",
                                 hovertemplate="%{x}: %{y:,}<extra></extra>"))
    revenue.update_layout(title=w["revenue_per_month"], xaxis={"type": "category"},
                          yaxis={"title": w["revenue"]},
                          yaxis2={"title": w["orders"], "overlaying": "y", "side": "right"},
                          legend={"orientation": "h", "y": -0.2})
    buyers = go.Figure()
    for key in ("new_buyers", "returning_buyers"):
        buyers.add_trace(go.Scatter(x=labels, y=[m[key] for m in months], name=w[key],
                                    mode="lines+markers",
                                    hovertemplate="%{x}: %{y:,}<extra></extra>"))
    buyers.update_layout(title=w["buyers_per_month"], xaxis={"type": "category"},
                         yaxis={"title": w["buyers"]}, legend={"orientation": "h", "y": -0.2})
    recent = months[-13:][::-1]
    rows = [[fmt.month(m["month_start"]), fmt.money(m["revenue"]), fmt.number(m["orders"]),
             fmt.money(m["average_ticket"]), fmt.number(m["buyers"]), fmt.number(m["new_buyers"]),
             fmt.number(m["returning_buyers"])] for m in recent]
    return (page.chart(revenue, "sales-revenue") + page.chart(buyers, "sales-buyers")
            + table([w["month"], w["revenue"], w["orders"], w["average_ticket"], w["buyers"],
                     w["new_buyers"], w["returning_buyers"]], rows, numeric=set(range(1, 7)))
            + f'<p class="note">{esc(w["partial_month"])}</p>')


def section_products(page: Page, figures: dict[str, Rows]) -> str:
    w, fmt = page.w, page.fmt
    top = figures["rpt_top_products"]
    falling = figures["rpt_falling_categories"]
    parts = [f'<p class="note">{esc(w["lines_note"])}</p>']
    for days in (30, 90, 360):
        blocks = []
        for kind, ranked_by, title in (
                ("product", "revenue", "top_products_revenue"),
                ("product", "buyers", "top_products_buyers"),
                ("category", "revenue", "top_categories_revenue"),
                ("category", "buyers", "top_categories_buyers")):
            items = sorted((r for r in top if r["period_days"] == days
                            and r["item_kind"] == kind and r["ranked_by"] == ranked_by),
                           key=lambda r: r["item_rank"])
            rows = [[str(r["item_rank"]), r["item"], fmt.money(r["revenue"]),
                     fmt.number(r["buyers"]), fmt.number(r["units"])] for r in items]
            blocks.append(f'<div><h4>{esc(w[title])}</h4>'
                          + table([w["rank"], w[kind], w["revenue"], w["buyers"], w["units"]],
                                  rows, numeric={0, 2, 3, 4}, empty=w["none"]) + "</div>")
        fall = sorted((r for r in falling if r["period_days"] == days),
                      key=lambda r: r["fall_rank"])
        rows = [[str(r["fall_rank"]), r["category"], fmt.money(r["revenue"]),
                 fmt.money(r["revenue_before"]), fmt.money(r["revenue_change"]),
                 fmt.share(r["revenue_change_share"])] for r in fall]
        blocks.append(f'<div><h4>{esc(w["falling_categories"])}</h4>'
                      + table([w["rank"], w["category"], w["revenue"], w["revenue_before"],
                               w["change"], w["share"]], rows, numeric={0, 2, 3, 4, 5},
                              empty=w["none"])
                      + f'<p class="note">{esc(w["falling_note"])}</p></div>')
        parts.append(f'<details{" open" if days == 30 else ""}><summary>'
                     f'{esc(w[f"period_{days}"])}</summary><div class="grid">'
                     + "".join(blocks) + "</div></details>")
    return "".join(parts)


def section_quality(page: Page, figures: dict[str, Rows]) -> str:
    w, fmt = page.w, page.fmt
    measures = sorted(figures["rpt_data_quality"], key=lambda r: r["measure_order"])
    rows = [[w.get(f"m_{m['measure']}", m["measure"]), fmt.number(m["measure_value"])]
            for m in measures]
    attrs = [["", f' data-figure="quality:{m["measure"]}"'] for m in measures]
    files = sorted((f for f in figures["rpt_ingest_files"] if f["call_rank"] == 1),
                   key=lambda f: f["file_position"])
    file_rows = [[f["file_name"], f["status"], f["message"] or "", fmt.number(f["rows_loaded"]),
                  fmt.number(f["rows_quarantined"])] for f in files]
    quarantine = sorted(figures["rpt_quarantine"],
                        key=lambda q: (-(q["load_sequence"] or 0), -q["quarantined_rows"]))
    q_rows = [[q["file_name"], q["column_name"], q["reason"], fmt.number(q["quarantined_rows"])]
              for q in quarantine[:50]]
    unknown = figures["rpt_unknown_status_values"]
    u_rows = [[u["status_field"], u["status_value"], fmt.number(u["orders"])] for u in unknown]
    called = files[0]["called_at"] if files else None
    return (table([w["measure"], w["value"]], rows, numeric={1}, attributes=attrs)
            + f"<h3>{esc(w['last_ingest'])}"
            + (f" · {esc(fmt.timestamp(called))}" if called else "") + "</h3>"
            + table([w["file"], w["status"], w["message"], w["rows_loaded"],
                     w["rows_quarantined"]], file_rows, numeric={3, 4},
                    empty=w["no_ingest_recorded"])
            + f"<h3>{esc(w['quarantine'])}</h3>"
            + table([w["file"], w["column"], w["reason"], w["rows"]], q_rows, numeric={3},
                    empty=w["none"])
            + f"<h3>{esc(w['unknown_status'])}</h3>"
            + table([w["field"], w["value"], w["orders"]], u_rows, numeric={2},
                    empty=w["none"]))


def section_delivery(page: Page, figures: dict[str, Rows]) -> str:
    w, fmt = page.w, page.fmt
    runs = sorted(figures["rpt_export_runs"], key=lambda r: r["run_rank"])
    keys = ("contacts_considered", "contacts_unchanged", "contacts_sent", "contacts_saved",
            "contacts_rejected", "contacts_unanswered", "contacts_not_sent", "contacts_retired")
    rows = [[fmt.timestamp(r["started_at"]), fmt.date(r["as_of_date"]), r["status"] or "",
             *[fmt.number(r[k]) if r[k] is not None else "–" for k in keys]] for r in runs]
    rejections = sorted(figures["rpt_export_rejections"], key=lambda r: r["reason_rank"])
    r_rows = [[r["rejection_reason"], fmt.number(r["contacts"]),
               fmt.timestamp(r["last_rejected_at"])] for r in rejections]
    return (f"<h3>{esc(w['export_runs'])}</h3>"
            + table([w["started"], w["as_of"], w["status"], w["considered"], w["unchanged"],
                     w["sent"], w["saved"], w["rejected"], w["unanswered"], w["not_sent"],
                     w["cleared"]], rows, numeric=set(range(3, 11)), empty=w["no_export"])
            + f"<h3>{esc(w['rejections'])}</h3>"
            + table([w["reason"], w["contacts"], w["started"]], r_rows, numeric={1},
                    empty=w["none"]))


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
max-width:1100px;padding:1rem 1.5rem;color:#1f2933;line-height:1.4}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #d9e2ec;padding-bottom:.2rem;margin-top:2rem}
.sub{color:#52606d;margin-top:0}.note,.empty{color:#52606d;font-size:.9rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem;width:100%}
th,td{border-bottom:1px solid #e4e7eb;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f5f7fa}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:0 1.5rem}
details{margin:.5rem 0}summary{cursor:pointer;font-weight:600;font-size:1.05rem}
nav a{margin-right:1rem}.chart{margin:1rem 0;break-inside:avoid}
@media print{nav{display:none}body{max-width:none}h2{break-before:auto}
details>summary{list-style:none}.chart,table{break-inside:avoid}}
"""


def render(figures: dict[str, Rows], language: str, currency: str,
           generated_at: datetime | None = None) -> str:
    """The whole report as one HTML document."""
    import plotly.offline

    fmt = Formatter(language)
    page = Page(fmt=fmt, w=words(language))
    w = page.w
    as_of = as_of_of(figures)
    sections = [
        ("headline", w["sec_headline"], section_headline),
        ("rfm", w["sec_rfm"], section_rfm),
        ("movement", w["sec_movement"], section_movement),
        ("sales", w["sec_sales"], section_sales),
        ("products", w["sec_products"], section_products),
        ("quality", w["sec_quality"], section_quality),
        ("delivery", w["sec_delivery"], section_delivery),
    ]
    body = [f'<section id="{key}"><h2>{esc(title)}</h2>{draw(page, figures)}</section>'
            for key, title, draw in sections]
    nav = "".join(f'<a href="#{key}">{esc(title)}</a>' for key, title, _ in sections)
    generated = generated_at or datetime.now()
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(w['title'])} · {esc(fmt.date(as_of))}</title>"
        f"<style>{STYLE}</style>"
        # Plotly's own bundle from the pip package, once: no request to any host
        f'<script type="text/javascript">{plotly.offline.get_plotlyjs()}</script>'
        f'</head><body data-charts="{page.charts}">'
        f"<h1>{esc(w['title'])} <span data-figure=\"as_of_date\">{esc(w['as_of'])} "
        f"{esc(fmt.date(as_of))}</span></h1>"
        f'<p class="sub">{esc(w["generated"])} {esc(fmt.timestamp(generated))} · '
        f'{esc(w["currency_note"].format(currency=currency))} '
        f'{esc(w["privacy_note"])}</p>'
        f"<nav>{nav}</nav>{''.join(body)}</body></html>"
    )
