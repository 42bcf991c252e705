"""The OpenAPI description of every operation's error answers and conditional headers."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter

from .errors import ERRORS, IF_MATCH, IF_NONE_MATCH
from .renderers import CSVRenderer, XLSXRenderer

DOWNLOADS = {CSVRenderer.media_type, XLSXRenderer.media_type}
FORMAT = OpenApiParameter(
    "format",
    str,
    OpenApiParameter.QUERY,
    enum=["json", "csv", "xlsx"],
    description="csv or xlsx: every row the other parameters keep (no pages), as a download with the JSON's columns.",
)
BINARY = {"type": "string", "format": "binary"}


class ApiSchema(AutoSchema):
    """Every operation documents the errors it can answer, and the conditional headers it reads."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = [400, 401, 403, 404, 503]
        if self.method == "GET":
            codes.append(304)
        if self.method in ("POST", "PATCH", "PUT", "DELETE"):
            codes.extend([409, 413, 415])
        if self.method in ("PATCH", "PUT", "DELETE") or (self.method == "POST" and "{id}" in self.path):
            codes.append(412)
        for code in codes:
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(ERRORS[code], str(code), direction=direction)
        for response in responses.values():
            for media_type, content in response.get("content", {}).items():
                if media_type.split(";")[0] == XLSXRenderer.media_type:
                    content["schema"] = BINARY
                elif media_type.split(";")[0] == CSVRenderer.media_type:
                    content["schema"] = {"type": "string"}
        return responses

    def is_download_list(self) -> bool:
        return self.method == "GET" and any(r.media_type in DOWNLOADS for r in self.view.get_renderers())

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method == "GET":
            parameters.append(IF_NONE_MATCH)
            if self.is_download_list():
                parameters.append(FORMAT)
        elif self.method in ("PATCH", "PUT", "DELETE") or (self.method == "POST" and "{id}" in self.path):
            parameters.append(IF_MATCH)
        return parameters


IDEMPOTENCY_KEY_PARAMETER = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
    "description": (
        "Any unique string (a UUID). Sent again with the same body within 24 hours, the first successful answer "
        "is given again (with `Idempotent-Replayed: true`) and nothing is written; with another method, path or "
        "body, 422. An error answer is not remembered: nothing was written, so the key may be used again."
    ),
}
IDEMPOTENCY_ERRORS = {
    "422": "This Idempotency-Key was used in the last 24 hours for another request (method, path or body).",
    "409": "Or: the first request with this Idempotency-Key is still being processed (Retry-After).",
}


def document_idempotency_key(result, generator, request, public):
    """drf-spectacular postprocessing hook: every POST reads Idempotency-Key and may answer 422 (or 409)."""
    detail = {"$ref": "#/components/schemas/Detail"}
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    detail_schema = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
    schemas.setdefault("Detail", detail_schema)
    for operations in result.get("paths", {}).values():
        post = operations.get("post")
        if post is None:
            continue
        post.setdefault("parameters", []).append(IDEMPOTENCY_KEY_PARAMETER)
        responses = post.setdefault("responses", {})
        responses["422"] = {
            "description": IDEMPOTENCY_ERRORS["422"],
            "content": {"application/json": {"schema": detail}},
        }
        if "409" in responses:
            responses["409"]["description"] = f"{responses['409'].get('description', '')} {IDEMPOTENCY_ERRORS['409']}"
        else:
            responses["409"] = {
                "description": IDEMPOTENCY_ERRORS["409"],
                "content": {"application/json": {"schema": detail}},
            }
    return result
