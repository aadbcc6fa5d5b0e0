"""The HTTP service: framelint's checks as a JSON API, and a web page that uses it.

The rule set is compiled once per process, when the service starts, and every
check runs in a thread pool, off the event loop, so that a large article does not
stop the service answering others. ``select`` and ``ignore`` in a request pick
among the findings of that one compiled rule set (as ``--select`` would pick
rules); ``quotes`` has a compiled set of its own for each of its three values.

A request's ``path`` is only a name: it picks the input format, as a file name
does, and is reported in the findings. The service never reads or writes a file
that a request names.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from importlib import resources

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .. import surface

DEFAULT_MAX_BYTES = 5_000_000
MAX_ARTICLES = 50
MAX_NAME = 1000
CHECK_FIELDS = ("text", "path", "select", "ignore", "quotes", "highlight")
COMPARE_FIELDS = ("articles", "highlight")
SETTINGS_ENV = "FRAMELINT_SERVE_SETTINGS"   # how worker processes receive the settings
PAGE_FILES = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-resource-policy": "same-origin",
}
PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
               "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 8750
    workers: int = 1
    threads: int = 4
    token: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    config_file: str | None = None
    rule_dirs: list[str] = field(default_factory=list)
    access_log: bool = False

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> "Settings":
        return cls(**json.loads(text))


class BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)


class Checker:
    """The compiled rule sets of this process and the pool that runs checks."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        resolver = surface.config_resolver(rule_dirs=settings.rule_dirs, config_file=settings.config_file)
        if settings.config_file:
            self.config = surface.config_for(resolver, settings.config_file)
        else:
            self.config = surface.config_with(surface.default_config(), rule_dirs=tuple(settings.rule_dirs))
        self.linters: dict[str, object] = {}
        self.base = self.linter(None)   # built now: a broken configuration stops the service at start
        self.rules = surface.all_rules(self.base)
        self.by_code = {r.code: r for r in self.rules}
        self.running = {r.code for r in self.base.rules}
        self.pool = ThreadPoolExecutor(max_workers=max(1, settings.threads), thread_name_prefix="framelint-check")

    def linter(self, quotes: str | None):
        key = quotes or self.config.quotes
        linter = self.linters.get(key)
        if linter is None:
            linter = self.linters[key] = surface.linter_for(surface.config_with(self.config, quotes=key))
        return linter

    async def run(self, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(self.pool, fn, *args)

    def chosen(self, select, ignore):
        """A test of whether a finding's rule is chosen by the request's select and ignore."""
        if not select and not ignore:
            return lambda f: True

        def keep(f) -> bool:
            rule = self.by_code.get(f.code)
            if rule is None:
                return True
            if select and not any(surface.matches_selector(rule, s) for s in select):
                return False
            return not any(surface.matches_selector(rule, s) for s in ignore)
        return keep

    def check(self, text: str, path: str, select, ignore, quotes, highlight: bool) -> dict:
        result = surface.check_text(self.linter(quotes), text, path)
        keep = self.chosen(select, ignore)
        findings = [f for f in result.findings if keep(f)]
        answer = {"findings": [f.to_dict() for f in findings],
                  "errors": [{"path": e.path, "message": e.message} for e in result.errors]}
        if highlight:
            answer["html"] = surface.highlight_html(text, path, findings)
        return answer

    def compare(self, articles: list[tuple[str, str]], highlight: bool) -> dict:
        comparison = surface.compare_texts(articles, self.base)
        answer = comparison.to_dict()
        answer["errors"] = [{"path": e.path, "message": e.message} for e in comparison.errors]
        if highlight:
            answer["html"] = surface.comparison_html(comparison)
        return answer


# -- reading requests ---------------------------------------------------------------------------
async def read_json(request: Request, max_bytes: int) -> dict:
    length = request.headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise BadRequest(400, "Content-Length must be a number of bytes")
        if int(length) > max_bytes:
            raise BadRequest(413, f"the request body is {int(length)} bytes; the limit is {max_bytes}")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise BadRequest(413, f"the request body is over the limit of {max_bytes} bytes")
    try:
        data = json.loads(bytes(body).decode("utf-8"))
    except UnicodeDecodeError:
        raise BadRequest(400, "the request body is not UTF-8") from None
    except ValueError as exc:
        raise BadRequest(400, f"malformed JSON: {exc}") from None
    if not isinstance(data, dict):
        raise BadRequest(400, "the request body must be a JSON object")
    return data


def check_fields(data: dict, allowed: tuple[str, ...]) -> None:
    for key in data:
        if key not in allowed:
            close = surface.close_match(key, allowed)
            raise BadRequest(400, f"unknown field '{key}'{close}; the fields are: {', '.join(allowed)}")


def text_field(data: dict, key: str, required: bool, where: str = "") -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            raise BadRequest(400, f"missing field '{where}{key}'")
        return None
    if not isinstance(value, str):
        raise BadRequest(400, f"'{where}{key}' must be a string")
    return value


def selectors(data: dict, key: str, rules) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise BadRequest(400, f"'{key}' must be a list of rule selectors (codes, names, categories, prefixes)")
    for sel in value:
        problem = surface.unknown_selector(rules, sel)
        if problem:
            raise BadRequest(400, f"{key}: {problem}")
    return tuple(value)


def flag(data: dict, key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise BadRequest(400, f"'{key}' must be true or false")
    return value


# -- the application ------------------------------------------------------------------------------
def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings()
    checker = Checker(settings)
    static = resources.files("framelint.server").joinpath("static")
    page = {name: static.joinpath(name).read_bytes() for name in ("index.html", *PAGE_FILES)}
    report_css = surface.report_css().encode("utf-8")

    async def check(request: Request) -> Response:
        data = await read_json(request, settings.max_bytes)
        check_fields(data, CHECK_FIELDS)
        text = text_field(data, "text", True)
        path = text_field(data, "path", False) or "-"
        if len(path) > MAX_NAME or "\0" in path:
            raise BadRequest(400, f"'path' must be a name of at most {MAX_NAME} characters")
        select = selectors(data, "select", checker.rules)
        ignore = selectors(data, "ignore", checker.rules)
        quotes = data.get("quotes")
        if quotes is not None and quotes not in surface.QUOTE_MODES:
            raise BadRequest(400, f"'quotes' must be one of {', '.join(surface.QUOTE_MODES)}")
        answer = await checker.run(checker.check, text, path, select, ignore, quotes, flag(data, "highlight"))
        return JSONResponse(answer)

    async def compare(request: Request) -> Response:
        data = await read_json(request, settings.max_bytes)
        check_fields(data, COMPARE_FIELDS)
        items = data.get("articles")
        if items is None:
            raise BadRequest(400, "missing field 'articles'")
        if not isinstance(items, list) or not items:
            raise BadRequest(400, "'articles' must be a non-empty list of {\"name\": ..., \"text\": ...}")
        if len(items) > MAX_ARTICLES:
            raise BadRequest(400, f"at most {MAX_ARTICLES} articles can be compared at once")
        articles: list[tuple[str, str]] = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise BadRequest(400, f"articles[{i}] must be an object with 'name' and 'text'")
            check_fields(item, ("name", "text"))
            name = text_field(item, "name", True, f"articles[{i}].")
            text = text_field(item, "text", True, f"articles[{i}].")
            if not name.strip() or len(name) > MAX_NAME:
                raise BadRequest(400, f"articles[{i}].name must be a name of 1 to {MAX_NAME} characters")
            if any(name == n for n, _ in articles):
                raise BadRequest(400, f"articles[{i}].name: '{name}' is the name of another article")
            articles.append((name, text))
        answer = await checker.run(checker.compare, articles, flag(data, "highlight"))
        return JSONResponse(answer)

    async def rules(request: Request) -> Response:
        return JSONResponse({"rules": [dict(surface.rule_summary(r), enabled=r.code in checker.running
                                            or r.code == "FL001") for r in checker.rules]})

    async def rule(request: Request) -> Response:
        key = request.path_params["code"]
        found = surface.find_rule(checker.rules, key)
        if found is None:
            close = surface.close_match(key, [r.code for r in checker.rules] + [r.name for r in checker.rules])
            return error(404, f"no such rule: '{key}'{close}")
        return JSONResponse(surface.rule_details(found))

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": surface.version(), "rules": len(checker.running)})

    async def index(request: Request) -> Response:
        return Response(page["index.html"], media_type="text/html; charset=utf-8",
                        headers={"content-security-policy": PAGE_POLICY})

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name == "report.css":
            return Response(report_css, media_type="text/css; charset=utf-8")
        if name not in PAGE_FILES:
            return error(404, f"no such file: '{name}'")
        return Response(page[name], media_type=PAGE_FILES[name])

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)   # browsers ask for one; the page has none

    async def bad_request(request: Request, exc: BadRequest) -> Response:
        return error(exc.status, exc.message)

    async def http_error(request: Request, exc: HTTPException) -> Response:
        messages = {404: "no such endpoint", 405: f"{request.method} is not allowed here"}
        return error(exc.status_code, messages.get(exc.status_code, exc.detail), getattr(exc, "headers", None))

    async def internal_error(request: Request, exc: Exception) -> Response:
        return error(500, f"internal error: {type(exc).__name__}")   # logged by the server, never sent

    @asynccontextmanager
    async def lifespan(app):
        yield
        checker.pool.shutdown(wait=False, cancel_futures=True)

    app = Starlette(
        routes=[
            Route("/v1/check", check, methods=["POST"]),
            Route("/v1/compare", compare, methods=["POST"]),
            Route("/v1/rules", rules, methods=["GET"]),
            Route("/v1/rules/{code}", rule, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/", index, methods=["GET"]),
            Route("/static/{name}", asset, methods=["GET"]),
            Route("/favicon.ico", favicon, methods=["GET"]),
        ],
        exception_handlers={BadRequest: bad_request, HTTPException: http_error, Exception: internal_error},
        lifespan=lifespan,
    )
    app.state.checker = checker
    return SecurityHeaders(TokenCheck(app, settings.token) if settings.token else app)


class SecurityHeaders:
    """Headers that stop a browser from sniffing, framing or leaking what the service sends."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)
        await self.app(scope, receive, send_with_headers)


class TokenCheck:
    """Every request must carry ``Authorization: Bearer TOKEN``, except the page itself
    (static, holding no data), which asks for the token and sends it with each call."""

    def __init__(self, app, token: str) -> None:
        self.app, self.token = app, token.encode("utf-8")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or (scope["method"] in ("GET", "HEAD") and
                                       (scope["path"] in ("/", "/favicon.ico") or scope["path"].startswith("/static/"))):
            return await self.app(scope, receive, send)
        given = b""
        for name, value in scope.get("headers", []):
            if name == b"authorization" and value[:7].lower() == b"bearer ":
                given = value[7:].strip()
        if not hmac.compare_digest(given, self.token):
            response = error(401, "a valid bearer token is required (Authorization: Bearer TOKEN)",
                             {"www-authenticate": "Bearer"})
            return await response(scope, receive, send)
        return await self.app(scope, receive, send)


def app_from_environment():
    """The application of one worker process, with the settings its parent passed on."""
    return create_app(Settings.from_json(os.environ[SETTINGS_ENV]))
