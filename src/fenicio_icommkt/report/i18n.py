"""The report's words and number and date formats in English, Spanish and Portuguese.

No dependence on the operating system's locales (a server often has only C.UTF-8): the
separators, month names and labels are here. Numbers: ``1,234,567.89`` in English,
``1.234.567,89`` in Spanish and Portuguese; dates ``Jun 30, 2026`` / ``30 jun 2026`` /
``30 jun 2026``; shares ``12.5%`` / ``12,5 %`` / ``12,5%``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

LANGUAGES = ("en", "es", "pt")

#: (thousands separator, decimal separator) per language.
SEPARATORS = {"en": (",", "."), "es": (".", ","), "pt": (".", ",")}

MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "es": ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"],
    "pt": ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"],
}


class Formatter:
    """Formats numbers, money, shares and dates for one language."""

    def __init__(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unknown report language {language!r}")
        self.language = language
        self.thousands, self.decimal = SEPARATORS[language]

    def number(self, value: Any, decimals: int = 0) -> str:
        """A count or an amount, rounded half away from zero, grouped by thousands."""
        if value is None:
            return "–"
        exact = Decimal(str(value))
        quantum = Decimal(1).scaleb(-decimals)
        rounded = exact.copy_abs().quantize(quantum, rounding=ROUND_HALF_UP)
        whole, _, fraction = f"{rounded:f}".partition(".")
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        groups.insert(0, whole)
        text = self.thousands.join(groups)
        if decimals:
            text += self.decimal + fraction
        return ("-" if exact < 0 and rounded != 0 else "") + text

    def money(self, value: Any) -> str:
        return self.number(value, 2)

    def share(self, value: Any, decimals: int = 1) -> str:
        """0.125 -> 12.5% (en), 12,5 % (es), 12,5% (pt)."""
        if value is None:
            return "–"
        text = self.number(Decimal(str(value)) * 100, decimals)
        return text + (" %" if self.language == "es" else "%")

    def date(self, value: date | datetime | None) -> str:
        if value is None:
            return "–"
        month = MONTHS[self.language][value.month - 1]
        if self.language == "en":
            return f"{month} {value.day}, {value.year}"
        return f"{value.day} {month} {value.year}"

    def month(self, value: date) -> str:
        return f"{MONTHS[self.language][value.month - 1]} {value.year}"

    def timestamp(self, value: datetime | None) -> str:
        if value is None:
            return "–"
        return f"{self.date(value)} {value:%H:%M}"

    def plotly_separators(self) -> str:
        """Plotly's layout.separators: the decimal then the thousands separator."""
        return self.decimal + self.thousands


# The words. Keys are the report's own; every language has every key (a test checks it).
_WORDS: dict[str, dict[str, str]] = {
    "title": {"en": "Store report", "es": "Informe de la tienda",
              "pt": "Relatório da loja"},
    "as_of": {"en": "as of", "es": "al", "pt": "em"},
    "generated": {"en": "Generated", "es": "Generado", "pt": "Gerado"},
    "currency_note": {"en": "Amounts in {currency}.", "es": "Importes en {currency}.",
                      "pt": "Valores em {currency}."},
    "contents": {"en": "Contents", "es": "Contenido", "pt": "Conteúdo"},
    # sections
    "sec_headline": {"en": "Headline", "es": "Resumen", "pt": "Resumo"},
    "sec_rfm": {"en": "Customers by RFM", "es": "Clientes por RFM", "pt": "Clientes por RFM"},
    "sec_movement": {"en": "Movement between segments", "es": "Movimiento entre segmentos",
                     "pt": "Movimento entre segmentos"},
    "sec_sales": {"en": "Sales per month", "es": "Ventas por mes", "pt": "Vendas por mês"},
    "sec_products": {"en": "Products and categories", "es": "Productos y categorías",
                     "pt": "Produtos e categorias"},
    "sec_quality": {"en": "Data quality", "es": "Calidad de los datos",
                    "pt": "Qualidade dos dados"},
    "sec_delivery": {"en": "Delivery to ICOMMKT", "es": "Envío a ICOMMKT",
                     "pt": "Envio ao ICOMMKT"},
    # periods
    "period_30": {"en": "Last 30 days", "es": "Últimos 30 días", "pt": "Últimos 30 dias"},
    "period_90": {"en": "Last 90 days", "es": "Últimos 90 días", "pt": "Últimos 90 dias"},
    "period_360": {"en": "Last 360 days", "es": "Últimos 360 días", "pt": "Últimos 360 dias"},
    "period_total": {"en": "Lifetime", "es": "Histórico", "pt": "Histórico"},
    "scope_window": {"en": "Last {days} days", "es": "Últimos {days} días",
                     "pt": "Últimos {days} dias"},
    "scope_plus": {"en": "{days}+ days ago", "es": "Hace {days}+ días",
                   "pt": "Há {days}+ dias"},
    # headline measures
    "customers": {"en": "Customers", "es": "Clientes", "pt": "Clientes"},
    "buyers": {"en": "Buyers", "es": "Compradores", "pt": "Compradores"},
    "prospects": {"en": "Prospects (no purchase)", "es": "Prospectos (sin compra)",
                  "pt": "Prospects (sem compra)"},
    "repeat_rate": {"en": "Repeat rate (2+ orders)", "es": "Recompra (2+ pedidos)",
                    "pt": "Recompra (2+ pedidos)"},
    "revenue": {"en": "Revenue", "es": "Ventas", "pt": "Receita"},
    "orders": {"en": "Orders", "es": "Pedidos", "pt": "Pedidos"},
    "average_ticket": {"en": "Average ticket", "es": "Ticket promedio", "pt": "Ticket médio"},
    "revenue_per_buyer": {"en": "Revenue per buyer", "es": "Ventas por comprador",
                          "pt": "Receita por comprador"},
    "headline_note": {
        "en": "Counted orders only (the status table decides). Customers and prospects are "
              "as of the report's date.",
        "es": "Solo pedidos que cuentan (según la tabla de estados). Clientes y prospectos a "
              "la fecha del informe.",
        "pt": "Só pedidos que contam (segundo a tabela de status). Clientes e prospects na "
              "data do relatório."},
    # RFM
    "rfm_group": {"en": "RFM group", "es": "Grupo RFM", "pt": "Grupo RFM"},
    "rfm_segment": {"en": "RFM segment", "es": "Segmento RFM", "pt": "Segmento RFM"},
    "share": {"en": "Share", "es": "Porcentaje", "pt": "Participação"},
    "rfm_grid": {"en": "R × F grid: customers per cell", "es": "Grilla R × F: clientes por celda",
                 "pt": "Grade R × F: clientes por célula"},
    "recency": {"en": "Recency (R)", "es": "Recencia (R)", "pt": "Recência (R)"},
    "frequency": {"en": "Frequency (F)", "es": "Frecuencia (F)", "pt": "Frequência (F)"},
    "segments_by_scope": {"en": "Customers per segment and period",
                          "es": "Clientes por segmento y período",
                          "pt": "Clientes por segmento e período"},
    # movement
    "movement_since_last": {"en": "Since the last recorded date ({date})",
                            "es": "Desde la última fecha registrada ({date})",
                            "pt": "Desde a última data registrada ({date})"},
    "movement_30": {"en": "Over the last 30 days (since {date})",
                    "es": "En los últimos 30 días (desde {date})",
                    "pt": "Nos últimos 30 dias (desde {date})"},
    "movement_groups": {"en": "RFM groups: from (rows) → to (columns)",
                        "es": "Grupos RFM: de (filas) → a (columnas)",
                        "pt": "Grupos RFM: de (linhas) → para (colunas)"},
    "movement_segments": {"en": "RFM segments: from (rows) → to (columns)",
                          "es": "Segmentos RFM: de (filas) → a (columnas)",
                          "pt": "Segmentos RFM: de (linhas) → para (colunas)"},
    "from": {"en": "From", "es": "De", "pt": "De"},
    "to": {"en": "To", "es": "A", "pt": "Para"},
    "new_customer": {"en": "(new)", "es": "(nuevo)", "pt": "(novo)"},
    "gone_customer": {"en": "(gone)", "es": "(ya no está)", "pt": "(saiu)"},
    "left_group": {"en": "Left {group}", "es": "Dejaron {group}", "pt": "Saíram de {group}"},
    "moves_out": {"en": "Customers who left each group, and to where",
                  "es": "Clientes que dejaron cada grupo, y hacia dónde",
                  "pt": "Clientes que saíram de cada grupo, e para onde"},
    "no_movement": {
        "en": "No movement yet: the segment history has no date before the report's date "
              "(it grows with every daily build; `fenicio-icommkt history start` fills it "
              "from past orders).",
        "es": "Todavía no hay movimiento: el historial de segmentos no tiene fechas antes de "
              "la del informe (crece con cada build diario; `fenicio-icommkt history start` "
              "lo completa con pedidos pasados).",
        "pt": "Ainda não há movimento: o histórico de segmentos não tem datas antes da do "
              "relatório (cresce a cada build diário; `fenicio-icommkt history start` o "
              "preenche com pedidos passados)."},
    "counts_over_time": {"en": "Customers per RFM group at each recorded date",
                         "es": "Clientes por grupo RFM en cada fecha registrada",
                         "pt": "Clientes por grupo RFM em cada data registrada"},
    "segments_over_time": {"en": "Customers per RFM segment at each recorded date",
                           "es": "Clientes por segmento RFM en cada fecha registrada",
                           "pt": "Clientes por segmento RFM em cada data registrada"},
    "recorded_date": {"en": "Recorded date", "es": "Fecha registrada", "pt": "Data registrada"},
    # sales
    "month": {"en": "Month", "es": "Mes", "pt": "Mês"},
    "revenue_per_month": {"en": "Revenue and orders per month", "es": "Ventas y pedidos por mes",
                          "pt": "Receita e pedidos por mês"},
    "buyers_per_month": {"en": "New and returning buyers per month",
                         "es": "Compradores nuevos y recurrentes por mes",
                         "pt": "Compradores novos e recorrentes por mês"},
    "new_buyers": {"en": "New buyers", "es": "Compradores nuevos", "pt": "Compradores novos"},
    "returning_buyers": {"en": "Returning buyers", "es": "Compradores recurrentes",
                         "pt": "Compradores recorrentes"},
    "partial_month": {"en": "The last month is partial (up to the report's date).",
                      "es": "El último mes está incompleto (hasta la fecha del informe).",
                      "pt": "O último mês está incompleto (até a data do relatório)."},
    # products
    "top_products_revenue": {"en": "Top products by revenue", "es": "Productos más vendidos ($)",
                             "pt": "Produtos mais vendidos ($)"},
    "top_products_buyers": {"en": "Top products by buyers",
                            "es": "Productos con más compradores",
                            "pt": "Produtos com mais compradores"},
    "top_categories_revenue": {"en": "Top categories by revenue",
                               "es": "Categorías más vendidas ($)",
                               "pt": "Categorias mais vendidas ($)"},
    "top_categories_buyers": {"en": "Top categories by buyers",
                              "es": "Categorías con más compradores",
                              "pt": "Categorias com mais compradores"},
    "product": {"en": "Product", "es": "Producto", "pt": "Produto"},
    "category": {"en": "Category", "es": "Categoría", "pt": "Categoria"},
    "units": {"en": "Units", "es": "Unidades", "pt": "Unidades"},
    "falling_categories": {"en": "Categories falling most", "es": "Categorías que más caen",
                           "pt": "Categorias que mais caem"},
    "falling_note": {
        "en": "Revenue in the period against the same number of days just before.",
        "es": "Ventas del período contra la misma cantidad de días justo antes.",
        "pt": "Receita do período contra o mesmo número de dias logo antes."},
    "revenue_before": {"en": "Revenue before", "es": "Ventas antes", "pt": "Receita antes"},
    "change": {"en": "Change", "es": "Cambio", "pt": "Variação"},
    "lines_note": {
        "en": "Product and category revenue is the sum of their lines (before order "
              "discounts and shipping).",
        "es": "Las ventas de productos y categorías suman sus líneas (antes de descuentos "
              "del pedido y envío).",
        "pt": "A receita de produtos e categorias soma suas linhas (antes de descontos do "
              "pedido e frete)."},
    "none": {"en": "None.", "es": "Ninguno.", "pt": "Nenhum."},
    # data quality
    "measure": {"en": "Measure", "es": "Medida", "pt": "Medida"},
    "value": {"en": "Value", "es": "Valor", "pt": "Valor"},
    "last_ingest": {"en": "Files of the last ingest", "es": "Archivos de la última carga",
                    "pt": "Arquivos da última carga"},
    "file": {"en": "File", "es": "Archivo", "pt": "Arquivo"},
    "status": {"en": "Status", "es": "Estado", "pt": "Status"},
    "message": {"en": "Message", "es": "Mensaje", "pt": "Mensagem"},
    "rows_loaded": {"en": "Rows loaded", "es": "Filas cargadas", "pt": "Linhas carregadas"},
    "rows_quarantined": {"en": "Rows quarantined", "es": "Filas en cuarentena",
                         "pt": "Linhas em quarentena"},
    "quarantine": {"en": "Quarantined rows by file and reason",
                   "es": "Filas en cuarentena por archivo y motivo",
                   "pt": "Linhas em quarentena por arquivo e motivo"},
    "column": {"en": "Column", "es": "Columna", "pt": "Coluna"},
    "reason": {"en": "Reason", "es": "Motivo", "pt": "Motivo"},
    "rows": {"en": "Rows", "es": "Filas", "pt": "Linhas"},
    "unknown_status": {"en": "Status values not in the status table",
                       "es": "Estados que no están en la tabla de estados",
                       "pt": "Status que não estão na tabela de status"},
    "field": {"en": "Field", "es": "Campo", "pt": "Campo"},
    "m_files_loaded": {"en": "Files loaded (all time)", "es": "Archivos cargados (total)",
                       "pt": "Arquivos carregados (total)"},
    "m_rows_loaded": {"en": "Rows loaded (all time)", "es": "Filas cargadas (total)",
                      "pt": "Linhas carregadas (total)"},
    "m_rows_quarantined": {"en": "Rows quarantined (all time)",
                           "es": "Filas en cuarentena (total)",
                           "pt": "Linhas em quarentena (total)"},
    "m_values_emptied": {"en": "Values emptied (did not parse)",
                         "es": "Valores vaciados (no se pudieron leer)",
                         "pt": "Valores esvaziados (não puderam ser lidos)"},
    "m_last_ingest_files_loaded": {"en": "Last ingest: files loaded",
                                   "es": "Última carga: archivos cargados",
                                   "pt": "Última carga: arquivos carregados"},
    "m_last_ingest_files_skipped": {"en": "Last ingest: files skipped (already loaded)",
                                    "es": "Última carga: archivos omitidos (ya cargados)",
                                    "pt": "Última carga: arquivos ignorados (já carregados)"},
    "m_last_ingest_files_refused": {"en": "Last ingest: files refused",
                                    "es": "Última carga: archivos rechazados",
                                    "pt": "Última carga: arquivos recusados"},
    "m_last_ingest_files_deferred": {"en": "Last ingest: files deferred (being written)",
                                     "es": "Última carga: archivos postergados (en escritura)",
                                     "pt": "Última carga: arquivos adiados (em gravação)"},
    "m_last_ingest_files_failed": {"en": "Last ingest: stopped by the machine",
                                   "es": "Última carga: detenida por la máquina",
                                   "pt": "Última carga: parada pela máquina"},
    "m_last_ingest_files_not_tried": {"en": "Last ingest: files not tried",
                                      "es": "Última carga: archivos no intentados",
                                      "pt": "Última carga: arquivos não tentados"},
    "m_files_loaded_all_calls": {"en": "All ingests: files loaded",
                                 "es": "Todas las cargas: archivos cargados",
                                 "pt": "Todas as cargas: arquivos carregados"},
    "m_files_skipped_all_calls": {"en": "All ingests: files skipped",
                                  "es": "Todas las cargas: archivos omitidos",
                                  "pt": "Todas as cargas: arquivos ignorados"},
    "m_files_refused_all_calls": {"en": "All ingests: files refused",
                                  "es": "Todas las cargas: archivos rechazados",
                                  "pt": "Todas as cargas: arquivos recusados"},
    "m_files_deferred_all_calls": {"en": "All ingests: files deferred",
                                   "es": "Todas las cargas: archivos postergados",
                                   "pt": "Todas as cargas: arquivos adiados"},
    "m_files_failed_all_calls": {"en": "All ingests: stopped by the machine",
                                 "es": "Todas las cargas: detenidas por la máquina",
                                 "pt": "Todas as cargas: paradas pela máquina"},
    "m_files_not_tried_all_calls": {"en": "All ingests: files not tried",
                                    "es": "Todas las cargas: archivos no intentados",
                                    "pt": "Todas as cargas: arquivos não tentados"},
    "m_orders_with_invalid_email": {"en": "Orders with an invalid email (left out)",
                                    "es": "Pedidos con email inválido (excluidos)",
                                    "pt": "Pedidos com email inválido (excluídos)"},
    "m_invalid_emails": {"en": "Distinct invalid emails", "es": "Emails inválidos distintos",
                         "pt": "Emails inválidos distintos"},
    "m_unknown_status_values": {"en": "Status values not in the status table",
                                "es": "Estados fuera de la tabla de estados",
                                "pt": "Status fora da tabela de status"},
    "m_orders_with_unknown_status": {"en": "Orders with such a status (not counted)",
                                     "es": "Pedidos con esos estados (no cuentan)",
                                     "pt": "Pedidos com esses status (não contam)"},
    "m_orders_after_as_of": {"en": "Orders after the report's date (ignored)",
                             "es": "Pedidos posteriores a la fecha del informe (ignorados)",
                             "pt": "Pedidos posteriores à data do relatório (ignorados)"},
    "no_ingest_recorded": {
        "en": "No ingest has recorded its files yet.",
        "es": "Ninguna carga registró sus archivos todavía.",
        "pt": "Nenhuma carga registrou seus arquivos ainda."},
    # delivery
    "export_runs": {"en": "Last export runs", "es": "Últimos envíos", "pt": "Últimos envios"},
    "started": {"en": "Started", "es": "Inicio", "pt": "Início"},
    "considered": {"en": "Considered", "es": "Considerados", "pt": "Considerados"},
    "unchanged": {"en": "Unchanged", "es": "Sin cambios", "pt": "Sem mudança"},
    "sent": {"en": "Sent", "es": "Enviados", "pt": "Enviados"},
    "saved": {"en": "Saved", "es": "Guardados", "pt": "Salvos"},
    "rejected": {"en": "Rejected", "es": "Rechazados", "pt": "Rejeitados"},
    "unanswered": {"en": "Unanswered", "es": "Sin respuesta", "pt": "Sem resposta"},
    "not_sent": {"en": "Not sent", "es": "No enviados", "pt": "Não enviados"},
    "cleared": {"en": "Cleared", "es": "Borrados", "pt": "Apagados"},
    "rejections": {"en": "Contacts rejected now, by reason",
                   "es": "Contactos rechazados ahora, por motivo",
                   "pt": "Contatos rejeitados agora, por motivo"},
    "contacts": {"en": "Contacts", "es": "Contactos", "pt": "Contatos"},
    "no_export": {
        "en": "No export has run yet (a dry run sends nothing and records no run).",
        "es": "Todavía no se hizo ningún envío (una prueba sin envío no registra nada).",
        "pt": "Ainda não houve nenhum envio (um teste sem envio não registra nada)."},
    "rank": {"en": "#", "es": "#", "pt": "#"},
    "privacy_note": {
        "en": "Counts and sums only: no email, name, document, phone, card, address or IP.",
        "es": "Solo conteos y sumas: ni emails, nombres, documentos, teléfonos, tarjetas, "
              "direcciones ni IP.",
        "pt": "Só contagens e somas: sem emails, nomes, documentos, telefones, cartões, "
              "endereços ou IP."},
}


def words(language: str) -> dict[str, str]:
    """Every label in one language."""
    return {key: texts[language] for key, texts in _WORDS.items()}


def all_keys_translated() -> list[str]:
    """Keys missing a language (empty when every key has all three)."""
    return [key for key, texts in _WORDS.items() if set(texts) != set(LANGUAGES)]
