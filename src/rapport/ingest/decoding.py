"""Turn the bytes of a text transcript into a ``str``, or say precisely why not.

Accepted without being told: UTF-8 (with or without BOM) and UTF-16/UTF-32 with a BOM,
which is what Praat, Word and Windows tools write. Anything else needs ``--encoding``.
Line endings are normalised to ``\\n`` so that line numbers match what editors show.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from rapport.errors import IngestError

BINARY_REASON = "binary file, not a transcript"

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters other than tab, newline, form feed and carriage return do not occur in
# text that people wrote; a handful may, a few percent means the file is not text at all.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_SAMPLE_SIZE = 8192
_CONTROL_SHARE = 0.02


def _looks_binary(data: bytes) -> bool:
    """NUL bytes, or more control characters than text ever holds.

    High bytes alone prove nothing: Cyrillic or Greek text is mostly high bytes in UTF-8
    and in its legacy encodings alike.
    """
    sample = data[:_SAMPLE_SIZE]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = len(_CONTROL_BYTES.findall(sample))
    return controls / len(sample) > _CONTROL_SHARE


def _too_many_controls(text: str) -> bool:
    sample = text[:_SAMPLE_SIZE]
    controls = len(_CONTROL_CHARS.findall(sample))
    return bool(sample) and controls / len(sample) > _CONTROL_SHARE


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when every other byte is NUL, as in ASCII text saved as UTF-16."""
    sample = data[: _SAMPLE_SIZE - _SAMPLE_SIZE % 2]
    if len(sample) < 8:
        return None
    half = len(sample) // 2
    if sample[1::2].count(0) > 0.9 * half and sample[0::2].count(0) < 0.1 * half:
        return "utf-16-le"
    if sample[0::2].count(0) > 0.9 * half and sample[1::2].count(0) < 0.1 * half:
        return "utf-16-be"
    return None


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_transcript(data: bytes, path: str | Path, encoding: str | None = None) -> str:
    """Decode ``data`` to text with ``\\n`` line endings.

    Raises ``IngestError`` for an empty file, a binary file, or bytes that are not valid in
    the detected (or forced) encoding; the last names the line of the first bad byte.
    """
    if not data.strip():
        raise IngestError(path, None, "empty file: no text to read")
    if encoding is not None:
        text = _decode_forced(data, path, encoding)
    else:
        text = _decode_detected(data, path)
    if "\x00" in text or _too_many_controls(text):
        raise IngestError(path, None, BINARY_REASON)
    if not text.strip():
        raise IngestError(path, None, "empty file: only whitespace")
    return normalise_newlines(text)


def _decode_forced(data: bytes, path: str | Path, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise IngestError(path, None, f"unknown encoding {encoding!r} given") from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = _line_of_offset(data, error.start)
        byte = data[error.start]
        reason = f"byte 0x{byte:02x} is not valid {encoding}; check the --encoding given"
        raise IngestError(path, line, reason) from None
    return text.removeprefix("\ufeff")


def _decode_detected(data: bytes, path: str | Path) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                # A BOM followed by garbage: the BOM bytes were a coincidence.
                raise IngestError(path, None, BINARY_REASON) from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        reason = f"looks like UTF-16 without a byte-order mark: pass --encoding {utf16}"
        raise IngestError(path, None, reason)
    if _looks_binary(data):
        raise IngestError(path, None, BINARY_REASON)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = _line_of_offset(data, error.start)
        byte = data[error.start]
        reason = (
            f"not UTF-8 (byte 0x{byte:02x}); the file is in another encoding: "
            "pass --encoding, e.g. --encoding cp1252 or --encoding latin-1"
        )
        raise IngestError(path, line, reason) from None
