"""The OpenAPI description of every operation's error answers and conditional headers."""

from drf_spectacular.openapi import AutoSchema

from .errors import ERRORS, IF_MATCH, IF_NONE_MATCH


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
        return responses

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method == "GET":
            parameters.append(IF_NONE_MATCH)
        elif self.method in ("PATCH", "PUT", "DELETE") or (self.method == "POST" and "{id}" in self.path):
            parameters.append(IF_MATCH)
        return parameters
