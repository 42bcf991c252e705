"""CSV and Excel answers of the list endpoints: the serializer's columns, one row per object, every row.

A cell that starts with `=`, `+`, `-`, `@` (or a tab or carriage return) would be read as a formula
by a spreadsheet; it is written with a leading apostrophe instead, in both formats, and the import
reads it back without it (secreleases/imports.py: `unneutralised`).
"""

import csv
import datetime
import io
import json
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_FORMATS = ("csv", "xlsx")


def neutralised(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def columns_of(renderer_context) -> list[tuple[str, serializers.Field | None]]:
    """The columns: the fields the list's serializer answers with, in its order."""
    view = (renderer_context or {}).get("view")
    if view is None or not hasattr(view, "get_serializer"):
        return []
    fields = view.get_serializer().fields
    return [(name, field) for name, field in fields.items() if not field.write_only]


def rows_and_columns(data, renderer_context):
    if isinstance(data, dict):  # an error answer ({"detail": ...} or field errors): one row per key
        return [{"field": key, "message": value} for key, value in data.items()], [("field", None), ("message", None)]
    columns = columns_of(renderer_context)
    if not columns and data:
        columns = [(name, None) for name in data[0]]
    return list(data or []), columns


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
        return "; ".join(str(item) for item in value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows, columns = rows_and_columns(data, renderer_context)
        out = io.StringIO()
        out.write("\ufeff")  # Excel reads the file as UTF-8 only with a byte order mark
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([name for name, _ in columns])
        for row in rows:
            writer.writerow([neutralised(text_of(row.get(name))) for name, _ in columns])
        return out.getvalue().encode("utf-8")


class XLSXRenderer(BaseRenderer):
    media_type = XLSX_MEDIA_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows, columns = rows_and_columns(data, renderer_context)
        book = Workbook()
        sheet = book.active
        sheet.title = sheet_title(renderer_context)
        sheet.append([name for name, _ in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([cell_value(row.get(name), field) for name, field in columns])
        for index, (name, _) in enumerate(columns, start=1):
            width = max([len(name), *(len(text_of(row.get(name))) for row in rows[:200])])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
            if isinstance(columns[index - 1][1], serializers.DateField):
                for cell in sheet[get_column_letter(index)][1:]:
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
        if columns:
            sheet.auto_filter.ref = sheet.dimensions
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def cell_value(value, field):
    """Dates as dates, numbers as numbers, true/false as booleans; text neutralised."""
    if value is None:
        return None
    if isinstance(field, serializers.DateField) and isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return neutralised(value)
    if isinstance(field, serializers.DecimalField) and isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return neutralised(value)
    if isinstance(value, bool | int | float | Decimal):
        return value
    return neutralised(text_of(value))


def sheet_title(renderer_context) -> str:
    request = (renderer_context or {}).get("request")
    name = export_name(request.path) if request is not None else "export"
    return name[:31]


def export_name(path: str) -> str:
    """`/api/v1/releases/november-2020/scope/` -> `november-2020-scope`."""
    parts = [part for part in path.split("/") if part and part not in ("api", "v1")]
    if len(parts) > 1 and parts[0] == "releases":
        parts = parts[1:]
    return "-".join(parts) or "export"
