"""Sessions: the signed session cookie (who is logged in, and the CSRF token bound to
the session), the secret that signs it and the login rate limit.

The cookie holds `{"user": NAME or None, "csrf": TOKEN}` signed with the workspace's
web secret (HMAC-SHA256 over the JSON and the time it was made; a cookie changed by hand
or older than `MAX_AGE` is no session). It is HttpOnly, SameSite=Lax, and Secure when
the request came over https (itself, or a proxy's `X-Forwarded-Proto: https`). The
secret is made once, at random, in `web-secret` in the workspace folder (mode 0600):
never in the repository."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

COOKIE = "salespulse_session"
#: Seconds a session lasts from the login.
MAX_AGE = 12 * 3600
SECRET_FILE = "web-secret"
#: What a rendered page holds where the session's CSRF token goes (its forms, the logout
#: button): pages are kept per data version and user scope, the token is per session, so
#: it is put in as the page is sent (`page_response`).
CSRF_MARK = "__salespulse_csrf_token__"
#: Login attempts allowed per username and client in `WINDOW` seconds.
ATTEMPTS = 5
WINDOW = 60.0


def secret(folder: Path) -> str:
    """The workspace's web secret, made (mode 0600) the first time it is asked for."""
    path = folder / SECRET_FILE
    if not path.exists():
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        try:
            fd = os.open(path, flags, 0o600)
        except FileExistsError:
            pass  # another process made it first
        else:
            with os.fdopen(fd, "w", encoding="ascii") as out:
                out.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip()


def key(request: Request) -> bytes:
    """The signing key of the app's workspace (read once)."""
    found: bytes | None = getattr(request.app.state, "session_key", None)
    if found is None:
        found = secret(request.app.state.settings.workspace.resolve()).encode("ascii")
        request.app.state.session_key = found
    return found


def sign(request: Request, data: dict[str, Any]) -> str:
    body = base64.urlsafe_b64encode(json.dumps(data).encode("utf-8")).decode("ascii")
    signed = f"{body}.{int(time.time())}"
    mac = hmac.new(key(request), signed.encode("ascii"), hashlib.sha256).hexdigest()
    return f"{signed}.{mac}"


def session(request: Request) -> dict[str, Any]:
    """The request's session (empty when there is none, or it was changed or expired)."""
    raw = request.cookies.get(COOKIE, "")
    signed, _, mac = raw.rpartition(".")
    body, _, made = signed.partition(".")
    if not mac or not made.isdigit():
        return {}
    expected = hmac.new(key(request), signed.encode("ascii", "replace"), hashlib.sha256)
    if not hmac.compare_digest(expected.hexdigest(), mac):
        return {}
    if not 0 <= time.time() - int(made) <= MAX_AGE:
        return {}
    try:
        found = json.loads(base64.urlsafe_b64decode(body))
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def over_https(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def keep(request: Request, response: Response, user: str | None, csrf: str = "") -> str:
    """Start a new session for `user` (None: no one yet) on `response`: its cookie with
    the CSRF token `csrf` (default a new one), which is returned."""
    csrf = csrf or secrets.token_urlsafe(32)
    response.set_cookie(
        COOKIE,
        sign(request, {"user": user, "csrf": csrf}),
        max_age=MAX_AGE,
        path="/",
        httponly=True,
        samesite="lax",
        secure=over_https(request),
    )
    return csrf


def end(request: Request, response: Response) -> None:
    response.delete_cookie(
        COOKIE, path="/", httponly=True, samesite="lax", secure=over_https(request)
    )


def csrf_ok(request: Request, token: str | None) -> bool:
    """Whether `token` (a form's) is the one bound to the request's session."""
    expected = session(request).get("csrf")
    return (
        bool(token) and isinstance(expected, str) and secrets.compare_digest(expected, token or "")
    )


class RateLimit:
    """At most `attempts` per key in `window` seconds (a key: username and client)."""

    def __init__(self, attempts: int = ATTEMPTS, window: float = WINDOW) -> None:
        self.attempts = attempts
        self.window = window
        self._seen: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, key: tuple[str, str]) -> int:
        """Seconds to wait before another attempt for `key` (0: go ahead, and it counts)."""
        now = time.monotonic()
        with self._lock:
            seen = self._seen.setdefault(key, deque())
            while seen and seen[0] <= now - self.window:
                seen.popleft()
            if len(seen) >= self.attempts:
                return max(1, int(seen[0] + self.window - now + 0.999))
            seen.append(now)
            return 0


def page_response(request: Request, body: str, status: int = 200) -> HTMLResponse:
    """A page's HTML with the session's CSRF token in its forms; a request without a
    session (an API token, a server started with --no-login) gets a session of no one,
    holding a new token, so its forms post too."""
    token = session(request).get("csrf")
    if isinstance(token, str) and token:
        return HTMLResponse(body.replace(CSRF_MARK, token), status_code=status)
    token = secrets.token_urlsafe(32)
    response = HTMLResponse(body.replace(CSRF_MARK, token), status_code=status)
    keep(request, response, None, token)
    return response
