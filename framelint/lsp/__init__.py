"""``framelint lsp``: the Language Server Protocol over standard input and output.

Needs the ``lsp`` extra (pygls and lsprotocol): ``pip install 'framelint[lsp]'``.
"""

from __future__ import annotations


def main() -> int:
    import logging

    from .server import build_server

    logging.basicConfig(level=logging.WARNING, format="framelint lsp: %(message)s")  # to standard error
    build_server().start_io()
    return 0
