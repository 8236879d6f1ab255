"""Pages carry a Content-Security-Policy that allows scripts from our own files only, and no
template needs more: no inline <script>, no on…= handler, no javascript: URL."""

import re
from pathlib import Path

import pytest

import sanad

pytestmark = pytest.mark.django_db
TEMPLATES = sorted(Path(sanad.__file__).parent.rglob("templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def test_the_policy_allows_only_our_own_scripts(client):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("path", ["/", "/services/", "/centres/", "/track/", "/login/", "/api/v1/docs/"])
def test_public_pages_carry_the_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(Path(sanad.__file__).parent)))
def test_no_template_has_inline_script(template):
    text = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to a static file"
    assert not HANDLER.search(text), "inline event handler: use a data- attribute and behaviours.js"
    assert "javascript:" not in text.lower()
