"""The bytes of a data file, read once, and their text: every failure a located DataError.

The cache keys a catalog by these bytes and the loader parses the same bytes, so what is
cached is always what was parsed. Any OS error (no such file, no permission, a name too long,
a symlink loop, a directory, an I/O error) becomes `FILE:1:1: message`, as `validate` says it.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from renkei_cli.errors import DataError, Problem, UsageError
from renkei_cli.paths import MAX_FILE_BYTES

_DIRECTORY = "this is a directory, not a data file: give the path of a YAML file"
_MESSAGES = {
    errno.ENOENT: "no such file",
    errno.EISDIR: _DIRECTORY,
    errno.ENOTDIR: "no such file (a part of the path is not a directory)",
}


def refuse(shown: str, message: str, line: int = 1, column: int = 1) -> DataError:
    """A DataError with one located problem."""
    return DataError(shown, [Problem(line, column, message)])


def too_big(shown: str) -> DataError:
    limit = MAX_FILE_BYTES // (1024 * 1024)
    message = (
        f"the file is larger than {limit} MiB, the limit for a data file "
        "(the bundled one is about 15 KiB)"
    )
    return refuse(shown, message)


def os_error_message(error: OSError) -> str:
    """What an OS error on the data path means, in the words of a data-file problem."""
    known = _MESSAGES.get(error.errno or 0)
    return known or f"cannot read the file: {error.strerror or error}"


def read_data(path: Path | str, shown: str | None = None) -> bytes:
    """Every byte of a data file (at most MAX_FILE_BYTES), or a located DataError.

    A FIFO or device is read up to one byte past the limit, since it reports no size.
    """
    shown = shown if shown is not None else str(path)
    if str(path) == "" or shown == "":
        raise UsageError("the data path is empty (--data '' or RENKEI_DATA=''): give a YAML file")
    try:
        name: str | bytes = os.fsencode(path)
    except UnicodeError:  # a name decoded as UTF-8 under an ASCII locale
        name = str(path).encode("utf-8", "surrogateescape")
    try:
        handle = os.open(name, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            info = os.fstat(handle)
            if stat.S_ISDIR(info.st_mode):
                raise refuse(shown, _DIRECTORY)
            if stat.S_ISREG(info.st_mode) and info.st_size > MAX_FILE_BYTES:
                raise too_big(shown)
            chunks = []
            remaining = MAX_FILE_BYTES + 1
            while remaining > 0:
                chunk = os.read(handle, min(remaining, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                remaining -= len(chunk)
        finally:
            os.close(handle)
    except OSError as error:
        raise refuse(shown, os_error_message(error)) from None
    data = b"".join(chunks)
    if len(data) > MAX_FILE_BYTES:
        raise too_big(shown)
    return data


def utf16_order(data: bytes) -> str | None:
    """'LE' or 'BE' if the bytes look like UTF-16 text (a BOM, or NULs in every other byte)."""
    if data.startswith(b"\xff\xfe"):
        return "LE"
    if data.startswith(b"\xfe\xff"):
        return "BE"
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return None
    odd_nuls = sample[1::2].count(0)
    even_nuls = sample[0::2].count(0)
    half = len(sample) // 2
    # ASCII keys, spaces and line ends are half or more of any YAML file's characters.
    if odd_nuls >= half // 4 and even_nuls == 0:
        return "LE"
    if even_nuls >= half // 4 and odd_nuls == 0:
        return "BE"
    return None


def decode_data(data: bytes, shown: str) -> str:
    """The bytes as UTF-8 text (a BOM is accepted), refusing what cannot be a data file:
    UTF-16 (named, with the iconv line that converts it), binary, Shift_JIS or other text."""
    order = utf16_order(data)
    if order is not None:
        # iconv reads a BOM itself; without one, it must be told the byte order.
        bom = data[:2] in (b"\xff\xfe", b"\xfe\xff")
        codec = "UTF-16" if bom else f"UTF-16{order}"
        kind = "Windows 'Unicode'" if bom else f"{order}, without a byte-order mark"
        raise refuse(
            shown,
            f"the file is UTF-16 ({kind}), not UTF-8: save it as UTF-8, "
            f"or convert it with `iconv -f {codec} -t UTF-8 {shown} > utf8.yaml`",
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = position_of_byte(data, nul)
        raise refuse(shown, "a binary file (it contains NUL bytes), not YAML text", line, column)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = position_of_byte(data, error.start)
        if _decodes(data, "cp932"):
            message = (
                "the file is not UTF-8: it looks like Shift_JIS (cp932); save it as UTF-8, or "
                f"convert it with `iconv -f CP932 -t UTF-8 {shown} > utf8.yaml`"
            )
        else:
            message = "the file is not UTF-8 text: save it as UTF-8"
        raise refuse(shown, message, line, column) from None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters, as in every other message) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column
