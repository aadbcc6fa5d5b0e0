"""``framelint serve``: the HTTP service and its web page.

Needs the ``server`` extra (Starlette and Uvicorn): ``pip install 'framelint[server]'``.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys

TOKEN_ENV = "FRAMELINT_TOKEN"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        raise SystemExit(_fail(message))


def _fail(message: str) -> int:
    sys.stderr.write(f"framelint: error: serve: {message}\n")
    return 2


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number above 0, not '{value}'")
    return number


def _port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port number from 0 to 65535, not '{value}'")
    return number


def build_parser() -> argparse.ArgumentParser:
    from .app import DEFAULT_MAX_BYTES

    parser = _Parser(prog="framelint serve", description="The HTTP service: a JSON API and a web page.")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1; any other than loopback needs --token)")
    parser.add_argument("--port", type=_port, default=8750, help="port (default 8750)")
    parser.add_argument("--workers", type=_positive, default=1, help="server processes (default 1)")
    parser.add_argument("--threads", type=_positive, default=4, help="checks at once in each process (default 4)")
    parser.add_argument("--token", default=None,
                        help=f"require 'Authorization: Bearer TOKEN' on every request (or set {TOKEN_ENV})")
    parser.add_argument("--max-bytes", type=_positive, default=DEFAULT_MAX_BYTES,
                        help=f"largest request body (default {DEFAULT_MAX_BYTES:,} bytes)")
    parser.add_argument("--config", metavar="FILE", help="a configuration file for every check")
    parser.add_argument("--rules", action="append", metavar="DIR", default=[], help="an extra folder of rule files")
    parser.add_argument("--access-log", action="store_true", help="log every request")
    return parser


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def main(argv: list[str] | None = None) -> int:
    from .. import surface
    from .app import SETTINGS_ENV, Settings, create_app

    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    token = args.token or os.environ.get(TOKEN_ENV) or None
    if not is_loopback(args.host) and not token:
        return _fail(f"listening on {args.host} (not loopback) needs --token (or {TOKEN_ENV}): "
                     "every request must then carry it as a bearer token")
    settings = Settings(host=args.host, port=args.port, workers=args.workers, threads=args.threads, token=token,
                        max_bytes=args.max_bytes, config_file=args.config,
                        rule_dirs=[os.path.abspath(d) for d in args.rules], access_log=args.access_log)
    try:
        app = create_app(settings)   # a broken configuration or rule file: one line, exit 2
    except Exception as exc:
        if surface.is_framelint_error(exc):
            return _fail(str(exc))
        raise
    import uvicorn

    where = f"http://{'[' + args.host + ']' if ':' in args.host else args.host}:{args.port}/"
    sys.stderr.write(f"framelint serve: {where} ({args.workers} worker{'s' if args.workers > 1 else ''})\n")
    sys.stderr.flush()
    options = dict(host=args.host, port=args.port, access_log=args.access_log, log_level="warning",
                   timeout_graceful_shutdown=5)
    if args.workers > 1:
        os.environ[SETTINGS_ENV] = settings.to_json()   # each worker process builds its own app
        uvicorn.run("framelint.server.app:app_from_environment", factory=True, workers=args.workers, **options)
    else:
        uvicorn.run(app, **options)
    return 0
