"""File names as they are written to the tables: printable, one line, reversible.

A name that is not valid UTF-8 (read with Python's surrogate escapes), or holds a control
character such as CR, LF or tab, is written with those bytes as `\\xNN` and a backslash as
`\\\\`, so every row stays on one line, every file opens in a spreadsheet, and the original bytes
can be recovered from the written name with `original_name`.
"""

from __future__ import annotations

import os
import re

_NEEDS_ESCAPE = re.compile(r"[\\\x00-\x1f\x7f\udc80-\udcff]")
_ESCAPED = re.compile(r"\\(\\|x[0-9a-f]{2})")


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char == "\\":
        return "\\\\"
    code = ord(char)
    return f"\\x{code - 0xDC00 if code >= 0xDC80 else code:02x}"


def display_name(name: str) -> str:
    """`name` (as os.fsdecode gives it) with undecodable bytes and control characters escaped."""
    return _NEEDS_ESCAPE.sub(_escape, name)


def original_name(shown: str) -> bytes:
    """The file-system bytes of a name written by `display_name`."""
    out = bytearray()
    position = 0
    for match in _ESCAPED.finditer(shown):
        out += shown[position:match.start()].encode("utf-8")
        token = match.group(1)
        out += b"\\" if token == "\\" else bytes([int(token[1:], 16)])
        position = match.end()
    out += shown[position:].encode("utf-8")
    return bytes(out)


def fs_name(shown: str) -> str:
    """The name as Python's file functions take it."""
    return os.fsdecode(original_name(shown))
