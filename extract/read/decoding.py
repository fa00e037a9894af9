"""Bytes → text: the character set decided from the bytes alone, and the damage a file was read despite."""
from __future__ import annotations

import codecs

import charset_normalizer

from extract.read.document import DocumentError


_CHINESE_CODECS = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "gb18030": "gb18030",
                   "big5": "big5", "cp950": "big5", "big5hkscs": "big5hkscs"}


def decode(data: bytes, path="<bytes>") -> tuple[str, str]:
    """(text, encoding) decided from the bytes alone: BOM, then strict UTF-8,
    then charset-normalizer's best guess.  Raises DocumentError otherwise."""
    if not data.strip():
        raise DocumentError(path, "empty file")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig"
    for bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if data.startswith(bom):
            # a file cut short ends in half a character: keep the rest, as for UTF-8 with a BOM
            return data.decode("utf-16", errors="replace"), "utf-16"
    if b"\x00" in data:
        raise DocumentError(path, "not text: contains NUL bytes (binary file)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):  # a few damaged bytes in a UTF-8 file: keep the good text (read_document reports them)
        return data.decode("utf-8", errors="replace"), "utf-8"
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise DocumentError(path, "not text: undecodable bytes")
    encoding = _CHINESE_CODECS.get(best.encoding, best.encoding)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:  # e.g. big5 guessed, HKSCS characters present
        text, encoding = str(best), best.encoding
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > len(text) / 100:
        raise DocumentError(path, "not text: control characters")
    return text, encoding


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few bad bytes (a cut download, a bad copy): at least 20 valid non-ASCII characters
    for each invalid byte.  GB18030 or Big5 text read as UTF-8 is nearly all invalid bytes."""
    text = data.decode("utf-8", errors="replace")
    bad = _replaced(data, text)
    wide = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    return wide >= 20 * bad


def _replaced(data: bytes, text: str) -> int:
    """How many U+FFFD in `text`, decoded from `data` with errors="replace", stand for bad bytes."""
    return text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))


def damage(data: bytes, text: str, encoding: str) -> tuple[str, ...]:
    """A warning for each kind of damage the text was read despite."""
    replaced = _replaced(data, text) if encoding.startswith("utf-8") else 0
    if not replaced:
        return ()
    try:
        data.decode("utf-8-sig")
        first = ""
    except UnicodeDecodeError as e:
        first = f" (the first at byte {e.start})"
    return (f"damaged text: {replaced} byte sequence{'s' if replaced > 1 else ''} that are not valid UTF-8"
            f"{first} were replaced with \ufffd; the rest of the file was read",)
