"""Bytes to text: UTF-8 with or without a BOM, UTF-16 with a BOM; anything else is a clear error."""

from __future__ import annotations

import codecs

from ..errors import InputError


def decode(data: bytes, path: str) -> str:
    """Decode a file's bytes: UTF-8 (BOM optional) or UTF-16 with a BOM."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(path, f"invalid UTF-16 at byte {exc.start}") from None
    head = data[:8192]
    if b"\x00" in head:
        if _looks_like_bomless_utf16(head):
            raise InputError(path, "looks like UTF-16 without a byte-order mark; "
                                   "save it as UTF-8 (or UTF-16 with a BOM)")
        raise InputError(path, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        raise InputError(
            path,
            f"not valid UTF-8 (byte 0x{bad:02X} at offset {exc.start}); if it is Latin-1 or "
            f"Windows-1252, convert it with: iconv -f WINDOWS-1252 -t UTF-8",
        ) from None


def _looks_like_bomless_utf16(head: bytes) -> bool:
    """Text in UTF-16 has its NUL bytes on one side of each pair only, and decodes to
    printable characters; a binary file (an image, say) has them on both."""
    even, odd = head[0::2], head[1::2]
    if not odd:
        return False
    for zeros, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) > 0.4 * len(zeros) and others.count(0) <= 0.05 * len(others):
            text = head[:len(head) - len(head) % 2].decode(codec, errors="replace")
            printable = sum(c.isprintable() or c in "\t\r\n" for c in text)
            return printable >= 0.9 * len(text)
    return False
