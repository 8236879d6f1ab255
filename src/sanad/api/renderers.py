"""A renderer for views that answer a stored file (a case document): whatever the client accepts
(`application/octet-stream`, `*/*`, the file's own type), it gets the file, not a 406. Errors from
such a view are still problem+json (errors.py switches them to JSON)."""

from rest_framework.renderers import BaseRenderer


class FileRenderer(BaseRenderer):
    media_type = "*/*"
    format = "file"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data
