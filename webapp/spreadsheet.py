"""The one CSV writer for every export: files Danish spreadsheets open right, and in which a
typed text never runs as a formula."""

import csv
import io
from collections.abc import Iterable

#: a cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
#: (OWASP, "CSV Injection"): `=HYPERLINK(...)` in an offer's title or a goal would run
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """A value as a cell: text that would start a formula gets a leading apostrophe, which
    the spreadsheet shows as text; numbers stay numbers (a negative one is no formula)."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(rows: Iterable[Iterable]) -> str:
    """The rows as CSV: semicolons (Danish spreadsheets read commas as decimal marks) and a
    byte order mark, so they open it in columns and read æ, ø and å as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return "\ufeff" + out.getvalue()
