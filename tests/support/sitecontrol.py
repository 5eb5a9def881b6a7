"""The test news site's control API: `POST /_control/<action>` with a JSON object.

Each action calls the NewsSite method of the same name (tests/support/newssite.py), so a site
running in another process can be driven like one in the test's own: fail, hang, redirect,
serve_raw, ignore_conditional, clear, publish, reset, clear_log, and the read-only requests,
count and feeds. The answer is JSON: the method's result, or {"ok": true}; 400 on bad input,
404 for an unknown action.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from crawler.demo.manifest import ManifestError
from crawler.demo.site import Request, Response

if TYPE_CHECKING:
    from tests.support.newssite import NewsSite

CONTROL_ACTIONS = ("fail", "hang", "redirect", "serve_raw", "ignore_conditional", "clear",
                   "publish", "reset", "clear_log", "requests", "count", "feeds")


def answer_control(site: NewsSite, request: Request) -> Response:
    """Run the action a `/_control/<action>` request names and answer its JSON result."""
    action = request.path.removeprefix("/_control/")
    if action not in CONTROL_ACTIONS:
        return _json_response(404, {"error": f"unknown action {action!r}"})
    query = {k: v[-1] for k, v in parse_qs(urlsplit(request.target).query).items()}
    try:
        payload = json.loads(request.body) if request.body else dict(query)
        if not isinstance(payload, dict):
            raise ValueError("the JSON body must be an object")
        result = _actions(site, payload)[action]()
    except KeyError as exc:
        return _json_response(400, {"error": f"missing field {exc}"})
    except (ValueError, TypeError, ManifestError) as exc:
        return _json_response(400, {"error": str(exc)})
    return _json_response(200, {"ok": True} if result is None else result)


def _actions(site: NewsSite, payload: dict[str, Any]) -> dict[str, Callable[[], Any]]:
    """Every action, bound to its payload; the result becomes JSON."""
    return {
        "fail": lambda: site.fail(payload["path"], payload.get("status", 500),
                                  payload.get("times"), payload.get("headers")),
        "hang": lambda: site.hang(payload["path"], payload["seconds"]),
        "redirect": lambda: site.redirect(payload["path"], payload["location"],
                                          payload.get("status", 302)),
        "serve_raw": lambda: site.serve_raw(
            payload["path"], _payload_body(payload),
            payload.get("content_type", "application/octet-stream"), payload.get("status", 200)),
        "ignore_conditional": lambda: site.ignore_conditional(payload["path"]),
        "clear": lambda: site.clear(payload["path"]),
        "publish": lambda: {"path": site.publish(payload["feed"], payload["article"])},
        "reset": site.reset,
        "clear_log": site.clear_log,
        "requests": lambda: [asdict(r) for r in site.requests],
        "count": lambda: {"count": site.count(payload.get("prefix", "/"))},
        "feeds": lambda: [asdict(f) for f in site.feeds()],
    }


def _payload_body(payload: dict[str, Any]) -> bytes:
    """A control payload's body: `body_b64` (any bytes) or `body` (text, UTF-8)."""
    if "body_b64" in payload:
        return base64.b64decode(payload["body_b64"])
    return str(payload.get("body", "")).encode("utf-8")


def _json_response(status: int, data: Any) -> Response:
    """A JSON answer."""
    return Response(status, json.dumps(data).encode("utf-8"), "application/json")
