"""Spreadsheet imports: an upload is parsed and previewed (nothing saved), then applied on confirmation."""
