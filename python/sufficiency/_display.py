"""Rich display in notebooks: the HTML table behind every ``_repr_html_``.

The facts come from Rust (each object's ``overview()``: a handful of
headline rows, already formatted); this module only lays them out. Every
piece of text is HTML-escaped, since names, scenarios and labels are the
user's own.
"""

from __future__ import annotations

from html import escape
from typing import Iterable, Tuple

_STYLE = "text-align: left; padding: 0.15em 0.8em 0.15em 0;"


def html_table(title: str, rows: Iterable[Tuple[str, str]]) -> str:
    """A compact two-column table: ``title`` as its caption, then one row
    per ``(label, value)``."""
    body = "".join(
        f'<tr><th style="{_STYLE} font-weight: normal;">{escape(str(label))}</th>'
        f'<td style="{_STYLE}">{escape(str(value))}</td></tr>'
        for label, value in rows
    )
    return (
        '<table class="sufficiency-overview" style="border-collapse: collapse;">'
        f'<caption style="text-align: left; font-weight: bold;">{escape(str(title))}</caption>'
        f"<tbody>{body}</tbody></table>"
    )
