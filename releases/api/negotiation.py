"""DRF's content negotiation, remembered: clients send the same few Accept headers over and over."""

from rest_framework.negotiation import DefaultContentNegotiation

# Accept headers come from clients: keep at most this many answers, then start again.
REMEMBERED_CHOICES = 256


class RememberedNegotiation(DefaultContentNegotiation):
    """The same choice as DRF's for the same renderers, Accept header and format, parsed once per process.

    Parsing the Accept list and matching it costs about a quarter of a 304's time in DRF. A refusal
    (406, or 404 for an unknown format) is not remembered: it is worked out again each time.
    """

    _choices: dict[tuple, tuple[int, str]] = {}

    def select_renderer(self, request, renderers, format_suffix=None):
        format_ = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        key = (tuple(type(renderer) for renderer in renderers), request.headers.get("accept", "*/*"), format_)
        known = self._choices.get(key)
        if known is not None:
            index, media_type = known
            return renderers[index], media_type
        renderer, media_type = super().select_renderer(request, renderers, format_suffix)
        if len(self._choices) >= REMEMBERED_CHOICES:
            self._choices.clear()
        self._choices[key] = (next(i for i, r in enumerate(renderers) if r is renderer), media_type)
        return renderer, media_type
