"""The page and its assets: served with a strict content policy, through the contract, errors as problem+json."""

from __future__ import annotations

import re

from tests.api.conftest import app, client, make_app  # noqa: F401 (fixtures)


def test_page_is_plain_html_with_a_strict_content_policy(client):  # noqa: F811
    response = client.get("/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy and "frame-ancestors 'none'" in policy
    html = response.get_data(as_text=True)
    assert '<script src="/assets/app.js" defer></script>' in html
    assert "<script>" not in html and not re.search(r"\son[a-z]+\s*=", html)  # no inline code or handlers


def test_every_input_has_a_label(client):  # noqa: F811
    html = client.get("/").get_data(as_text=True)
    ids = re.findall(r'<input[^>]* id="([^"]+)"', html)
    assert ids and all(f'for="{i}"' in html for i in ids)


def test_assets_are_served_and_unknown_ones_are_problem_json(client):  # noqa: F811
    assert client.get("/assets/app.js").mimetype == "text/javascript"
    assert client.get("/assets/app.css").mimetype == "text/css"
    for path in ("/assets/nope.js", "/assets/../app.py", "/assets/%2e%2e/__init__.py"):
        response = client.get(path)
        assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_the_page_calls_only_the_public_api(client):  # noqa: F811
    script = client.get("/assets/app.js").get_data(as_text=True)
    called = set(re.findall(r'api\(\s*[`"](/[^`"?$]*)', script))
    assert called == {
        "/v1/drugs",
        "/v1/interactions/check",
        "/v1/compatibility/plan",
        "/v1/knowledge",
        "/v1/compatibility/vehicles",
    }
    assert "localStorage" not in script and "sessionStorage" not in script and "document.cookie" not in script
