"""Page and feed bytes to text as a browser decodes them, with one rule browsers lack.

The order is WHATWG's: a byte-order mark; the HTTP charset; the document's own declaration
(`<meta charset>`, `<meta http-equiv>`, `<?xml encoding?>`); then detection. The added rule: a
label the bytes contradict is passed over. Prose in windows-1251 or -1252 is practically never
valid UTF-8, so bytes that read as UTF-8 beat a single-byte label (a Russian feed sent as
"windows-1251" by a server configured years ago), and bytes that do not read as UTF-8 are not
forced through it because a header says "utf-8" (a cp1251 page behind a UTF-8-only proxy).

Labels are read and resolved by w3lib (Scrapy's own; it maps labels as WHATWG does, so
"iso-8859-1" reads as windows-1252). Detection is chardetng, Firefox's detector: on one-line
cp1251 and cp1252 pages charset_normalizer, which trafilatura uses, picked cp775, hp_roman8,
mac_cyrillic or cp1250 for 6 of 10 ("naďve", Cyrillic capitals turned into other letters) where
chardetng picked right for all, ar, el, pl and tr included. chardetng weighs its guess by the
top-level domain a page came from; the page's language says more than a domain, so a known
language is handed to it as a country domain of that language's script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

__all__ = ["Decoded", "decode_markup"]

# Detection reads at most this much: a page's first quarter MiB says all it will say.
_DETECT_BYTES = 256 * 1024
_WIDE_UNICODE = ("utf-16", "utf-32")
# A language's country domain, where chardetng treats that domain's legacy encodings as likely
# (its table: Cyrillic, Arabic-script, Central European, Greek, ...); a language not listed is
# read by the page's own domain instead. Western European languages need no entry of their
# own: chardetng reads every unlisted two-letter domain as Western.
_LANGUAGE_TLD = {
    "ru": "ru", "uk": "ua", "be": "by", "bg": "bg", "sr": "rs", "mk": "mk", "kk": "kz",
    "ky": "kg", "tg": "tj", "mn": "mn", "tt": "ru", "ba": "ru",
    "ar": "sa", "fa": "ir", "ur": "pk", "ps": "af", "sd": "pk", "ku": "iq", "ug": "pk",
    "cs": "cz", "sk": "sk", "hr": "hr", "ro": "ro", "pl": "pl", "hu": "hu", "sl": "si",
    "el": "gr", "tr": "tr", "az": "az", "he": "il", "iw": "il", "yi": "il",
    "lt": "lt", "lv": "lv", "vi": "vn", "th": "th", "ja": "jp", "ko": "kr", "zh": "cn",
    "zh-tw": "tw", "zh-hk": "hk", "zh-mo": "hk", "is": "is", "fo": "fo", "ka": "ge", "hy": "am",
    "en": "uk", "fr": "fr", "de": "de", "es": "es", "it": "it", "pt": "pt", "nl": "nl",
    "da": "dk", "sv": "se", "no": "no", "nb": "no", "nn": "no", "fi": "fi", "et": "ee",
}
# A language named by the document itself: <html lang>, xml:lang, RSS <language>, dc:language.
_DECLARED_LANGUAGE = re.compile(
    rb"(?:\blang\s*=\s*[\"']?|<(?:dc:)?language>\s*)([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2}))?\b"
)
_TLD = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")


@dataclass(frozen=True)
class Decoded:
    """A document's text, the codec that read it, and what chose that codec."""

    text: str
    encoding: str
    source: str  # bom | header | declared | detected


def decode_markup(body: bytes, content_type: str | None = None, language: str | None = None,
                  url: str = "") -> Decoded:
    """Decode an HTML page or a feed: BOM, header, declaration, detection (see the module).

    `language` (the source's, from config) and, failing it, the one the document declares
    weigh the detection; `url`'s top-level domain is the last hint.
    """
    encoding, bom = read_bom(body)
    if encoding and bom:
        return Decoded(body[len(bom):].decode(encoding, "replace"), encoding, "bom")
    as_utf8 = _Utf8Reading(body)
    for source, label in (("header", _header_label(content_type)),
                          ("declared", _declared_label(body))):
        if label and not as_utf8.contradicts(label, body):
            text = as_utf8.text if label == "utf-8" else body.decode(label, "replace")
            return Decoded(text, label, source)
    if as_utf8.is_utf8 or as_utf8.ascii:
        return Decoded(as_utf8.text, "utf-8", "detected")
    guess = _detect(body, _tld_hint(body, language, url))
    return Decoded(body.decode(guess, "replace"), guess, "detected")


class _Utf8Reading:
    """The bytes read as UTF-8, once, and whether they are UTF-8 text.

    "UTF-8 text" allows a few broken sequences (a byte cut in a template, a stray Latin-1
    character) among many valid ones: it must hold non-ASCII, and its valid multi-byte
    characters must outnumber its invalid bytes. Single-byte prose is almost never valid.
    """

    def __init__(self, body: bytes) -> None:
        self.ascii = body.isascii()
        try:
            self.text = body.decode("utf-8")
            self.is_utf8 = not self.ascii
        except UnicodeDecodeError:
            self.text = body.decode("utf-8", "replace")
            invalid = self.text.count("\ufffd")
            # Non-ASCII characters counted in C: the text less what an ASCII encoding keeps.
            valid = len(self.text) - len(self.text.encode("ascii", "ignore")) - invalid
            self.is_utf8 = valid > invalid

    def contradicts(self, label: str, body: bytes) -> bool:
        """Whether these bytes cannot be text in `label` (pure ASCII contradicts nothing)."""
        if label.startswith(_WIDE_UNICODE):
            # UTF-16 and UTF-32 text of any script has NUL bytes; without them it is not that.
            return b"\x00" not in body[:4096]
        if self.ascii:
            return False
        if label == "utf-8":
            return not self.is_utf8
        if self.is_utf8:
            return True
        try:
            body.decode(label)
        except UnicodeDecodeError:  # bytes the encoding does not define
            return True
        return False


def _header_label(content_type: str | None) -> str | None:
    return _normal(http_content_type_encoding(content_type)) if content_type else None


def _declared_label(body: bytes) -> str | None:
    return _normal(html_body_declared_encoding(body))


def _normal(label: str | None) -> str | None:
    """A codec name in the spelling compared above ("utf_8", "UTF8" are "utf-8")."""
    if not label:
        return None
    label = label.lower().replace("_", "-")
    return "utf-8" if label in ("utf8", "utf-8", "utf-8-sig") else label


def _detect(body: bytes, tld: str | None) -> str:
    """chardetng's guess for bytes that are not UTF-8, as a Python codec name."""
    from chardetng_py import detect  # noqa: PLC0415 (a compiled module, loaded when needed)

    guess = detect(body[:_DETECT_BYTES], allow_utf8=False,
                   tld=tld.encode("ascii") if tld else None)
    return resolve_encoding(guess) or "cp1252"


def _tld_hint(body: bytes, language: str | None, url: str) -> str | None:
    """The country domain chardetng should weigh: by language, else by the URL's own domain."""
    for lang in (language, _document_language(body)):
        lang = (lang or "").lower().replace("_", "-")
        tld = _LANGUAGE_TLD.get(lang) or _LANGUAGE_TLD.get(lang[:2])
        if tld:
            return tld
    host = (urlsplit(url).hostname or "") if url else ""
    label = host.rstrip(".").rpartition(".")[2].lower()
    # chardetng panics (an exception no `except Exception` catches) on anything but a clean
    # lower-case label, so only such a label is handed over; an IP address is none.
    return label if "." in host and _TLD.fullmatch(label) else None


def _document_language(body: bytes) -> str | None:
    match = _DECLARED_LANGUAGE.search(body[:4096])
    if not match:
        return None
    return b"-".join(part for part in match.groups() if part).decode("ascii")
