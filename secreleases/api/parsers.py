"""The API reads JSON only, within stated limits: a body of at most 1 MB, nested at most 32 deep, valid Unicode.

Anything else is the client's mistake and answers 4xx as JSON (413 too large, 400 malformed, 415 not
JSON), never a 500 from the decoder, the database or a worker held for minutes.
"""

from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json

MAX_BODY_BYTES = 1_000_000
MAX_JSON_DEPTH = 32


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = f"The request body is larger than {MAX_BODY_BYTES:,} bytes."
    default_code = "request_too_large"


def declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        if request is not None and declared_length(request) > MAX_BODY_BYTES:
            raise RequestTooLarge()
        raw = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
        if len(raw) > MAX_BODY_BYTES:
            raise RequestTooLarge()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ParseError(f"JSON parse error - the body is not UTF-8 ({error.reason}).") from error
        try:
            data = json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except RecursionError as error:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.") from error
        except ValueError as error:
            raise ParseError(f"JSON parse error - {error}") from error
        check_json(data)
        return data


def check_json(data) -> None:
    """No deeper than MAX_JSON_DEPTH, and every string (keys too) encodable: no lone surrogate, no NUL."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict | list):
            if depth > MAX_JSON_DEPTH:
                raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str):
                    check_text(key)
                pending.append((item, depth + 1))
        elif isinstance(value, str):
            check_text(value)


def check_text(text: str) -> None:
    if "\x00" in text:
        raise ParseError("Null characters are not allowed.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ParseError("Text must be valid Unicode: a lone surrogate (U+D800-U+DFFF) is not a character.") from error
