"""The pharmacist's page at `/`: plain HTML, CSS and a little JavaScript, calling the public API like any client.

Nothing is built at run time, and the page holds no second path to the engine: every answer it
shows came from `/v1/...`. It stores nothing (no cookies, no local storage) and the server logs
only that the page was fetched, never what was typed into it.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, Response, request
from werkzeug.exceptions import NotFound

HERE = Path(__file__).parent
MIMETYPES = {".html": "text/html", ".css": "text/css", ".js": "text/javascript"}

FILES: dict[str, tuple[bytes, str]] = {
    path.name: (path.read_bytes(), MIMETYPES[path.suffix])
    for path in [HERE / "templates" / "index.html", *(HERE / "static").iterdir()]
    if path.suffix in MIMETYPES
}
"""The page and its assets, read once: a few kilobytes, no file handles per request, no path to walk out of."""

bp = Blueprint("web", __name__, static_folder=None)

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
"""Only this origin's own script and style; nothing framed, nothing sent elsewhere."""


@bp.get("/")
def page() -> Response:
    return _serve("index.html")


@bp.get("/assets/<path:filename>")
def asset(filename: str) -> Response:
    if filename == "index.html" or filename not in FILES:
        raise NotFound()
    return _serve(filename)


def _serve(name: str) -> Response:
    body, mimetype = FILES[name]
    response = Response(body, mimetype=mimetype, headers=SECURITY_HEADERS)
    response.add_etag()
    return response.make_conditional(request)


def init_app(app: Flask) -> None:
    """Serve the page and its assets."""
    app.register_blueprint(bp)
