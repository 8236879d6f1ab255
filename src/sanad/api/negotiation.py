"""Content negotiation where an explicit format wins: `?format=pdf` answers the PDF whatever the
client's `Accept` says (many HTTP clients send `Accept: application/json` on every call), instead of
DRF's 406. Without a format, `Accept` decides as usual."""

from rest_framework.negotiation import DefaultContentNegotiation


class FormatWinsNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        chosen = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if chosen:
            renderer = self.filter_renderers(renderers, chosen)[0]  # 404 for a format nobody renders
            return renderer, renderer.media_type
        return super().select_renderer(request, renderers, format_suffix)
