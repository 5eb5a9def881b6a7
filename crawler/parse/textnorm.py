"""Text folding for matching (casefold, strip diacritics, blank punctuation, keep offsets), and
control characters kept out of stored text and off the terminal."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Characters every folded text maps one-to-one: whitespace and all dashes become a space so that
# "Khyber-Pakhtunkhwa", "Khyber Pakhtunkhwa" and a line break inside a phrase compare equal.
_SPACE_LIKE = "\t\n\r\x0b\x0c-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00a0"
_BASE_TABLE: dict[int, str] = {ord(c): " " for c in _SPACE_LIKE}
_BASE_TABLE.update({ord("\u2019"): "'", ord("\u2018"): "'", ord("\u201c"): '"', ord("\u201d"): '"'})
# Scanning form: every ASCII char that is not a lower-case letter or digit becomes a space.
_ASCII_PUNCT = {i: " " for i in range(128) if not chr(i).isalnum() or chr(i).isupper()}
_OTHER_PUNCT = re.compile(r"[^\w]|_")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
# The same scanning form as a byte table for ASCII text: upper case to lower, then _ASCII_PUNCT.
_SCAN_BYTES = bytes(
    ord(chr(i).lower().translate(_ASCII_PUNCT)) if i < 128 else i for i in range(256)
)
_ASCII_BYTES = bytes(range(128))

# C0 and C1 control characters and DEL (tab, line feed and carriage return are text), and lone
# surrogates, which a JSON "\\ud800" escape makes and SQLite cannot store as UTF-8.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_FORM_BREAKS = re.compile(r"[\x0b\x0c]")
# What must never reach a terminal raw: every control character (ESC starts escape sequences
# that recolour, retitle or clear it) and the Unicode line separators.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\u2028\u2029]+")

# Folding of single non-ASCII characters, filled lazily; a process-wide memo of a pure function
# (same input, same output), so sharing it is safe and saves re-decomposing "é" in every article.
_CHAR_FOLD: dict[str, str] = {}
# Memo of _scan_char, for the same reason.
_SCAN_CHAR: dict[str, str | None] = {}


def _fold_char(char: str) -> str:
    """Fold one character: decompose, drop combining marks, casefold."""
    folded = _CHAR_FOLD.get(char)
    if folded is None:
        if ord(char) in _BASE_TABLE:
            folded = _BASE_TABLE[ord(char)]
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        _CHAR_FOLD[char] = folded
    return folded


def fold(text: str) -> str:
    """Fold a term or place name for comparison: lower case, no accents, single spaces."""
    folded = "".join(_fold_char(c) if ord(c) > 127 else c for c in text).lower()
    folded = folded.translate(_BASE_TABLE)
    return _SPACES.sub(" ", folded).strip()


@dataclass(frozen=True)
class Folded:
    """A folded text and the way back: `offsets[i]` is the original index of folded char i.

    `offsets` is None when folding kept every character in place (the common case), so the
    folded index is the original index.
    """

    text: str
    offsets: tuple[int, ...] | None
    original_length: int

    def original(self, index: int) -> int:
        """The original offset of a folded offset (an end offset maps to the end as well)."""
        if self.offsets is None:
            return index
        if index >= len(self.offsets):
            return self.original_length
        return self.offsets[index]


def key_form(term: str) -> str:
    """The automaton key of a term or name: folded, every non-alphanumeric char a space, padded.

    Text is scanned in the same form (see fold_text) with a space on each side, so a padded key
    can only match whole words: no boundary check per hit is needed.
    """
    return " " + fold(term).translate(_ASCII_PUNCT) + " "


def fold_text(text: str) -> Folded:
    """Fold a document for scanning: lower case, no accents, every non-alphanumeric a space.

    Offsets are kept one-to-one whenever possible (offsets=None); otherwise `offsets` maps back.
    """
    # Fast path, same result as _fold_general: ASCII work is done on bytes, where translate runs
    # at memory speed (str.lower plus a regex for non-ASCII chars cost more than a whole scan).
    if text.isascii():
        return Folded(text.encode("ascii").translate(_SCAN_BYTES).decode("ascii"), None, len(text))
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        return _fold_general(text)
    for char in set(raw.translate(None, _ASCII_BYTES).decode("utf-8")):
        scanned = _scan_char(char)
        if scanned is None:
            return _fold_general(text)
        if scanned != " ":
            text = text.replace(char, scanned)
    # Every char left outside ASCII folds to a space: encoding writes "?" for it, and so does
    # the table for "?" itself.
    folded = text.encode("ascii", "replace").translate(_SCAN_BYTES).decode("ascii")
    return Folded(folded, None, len(text))


def _scan_char(char: str) -> str | None:
    """The one ASCII char a non-ASCII char folds to in _fold_general, or None if it has none."""
    if char in _SCAN_CHAR:
        return _SCAN_CHAR[char]
    scanned: str | None = None
    low = char.lower()
    # Capital sigma lowers by context (final sigma), so it cannot be folded char by char.
    if len(low) == 1 and char != "\u03a3":
        folded = low if low.isascii() else _fold_char(low)
        if len(folded) == 1:
            result = (folded if folded.isalnum() else " ").translate(_ASCII_PUNCT)
            scanned = result if result.isascii() else None
    _SCAN_CHAR[char] = scanned
    return scanned


def _fold_general(text: str) -> Folded:
    """fold_text for any text: str.lower, then fold each distinct non-ASCII character."""
    low = text.lower()
    if len(low) == len(text):
        if not low.isascii():
            for char in set(_NON_ASCII.findall(low)):
                folded = _fold_char(char)
                if len(folded) != 1:
                    return _fold_slowly(text)
                # str.replace per distinct char runs in C; most news has a handful of them.
                low = low.replace(char, folded if folded.isalnum() else " ")
        if low.isascii():
            return Folded(low.translate(_ASCII_PUNCT), None, len(text))
        return Folded(_OTHER_PUNCT.sub(" ", low), None, len(text))
    return _fold_slowly(text)


def _fold_slowly(text: str) -> Folded:
    """Fold char by char (ligatures, "ß", decomposed accents), recording original offsets."""
    pieces: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char) if ord(char) > 127 else char.lower()
        folded = "".join(c if c.isalnum() else " " for c in folded)
        pieces.append(folded)
        offsets.extend([index] * len(folded))
    return Folded("".join(pieces), tuple(offsets), len(text))


def word_count(text: str) -> int:
    """How many words a stretch of text holds (for proximity rules)."""
    return len(_WORD.findall(text))


def inflections(term: str) -> set[str]:
    """Simple English inflections of a folded term's last word: attack -> attacks, attacked, ...

    Only plain alphabetic words of three or more letters are inflected; a phrase inflects its last
    word ("suicide bomber" -> "suicide bombers"). Irregular forms ("shot") must be listed.
    """
    head, _, last = term.rpartition(" ")
    prefix = f"{head} " if head else ""
    if not last.isalpha() or len(last) < 3:
        return {term}
    forms = {last, last + "s", last + "es", last + "ed", last + "ing", last + "er", last + "ers"}
    if last.endswith("e"):
        stem = last[:-1]
        forms |= {last + "d", stem + "ing", last + "r", last + "rs"}
    if last.endswith("y") and last[-2] not in "aeiou":
        stem = last[:-1]
        forms |= {stem + "ies", stem + "ied"}
    if last.endswith(("s", "x", "z", "ch", "sh")):
        forms.discard(last + "s")
    vowels = "aeiou"
    if (
        len(last) <= 6
        and last[-1] not in vowels + "wxy"
        and last[-2] in vowels
        and last[-3] not in vowels
    ):
        # Doubled final consonant of short words: kidnap -> kidnapped, shot? no: plan -> planned.
        double = last + last[-1]
        forms |= {double + "ed", double + "ing", double + "er", double + "ers"}
    return {prefix + form for form in forms}


def strip_controls(text: str) -> str:
    """Text as stored: control characters (NUL, ESC, C1, ...) and lone surrogates removed, a
    vertical tab or form feed made a space; tabs and line breaks stay."""
    if text.isprintable():  # the common case, tested in C
        return text
    return _CONTROLS.sub("", _FORM_BREAKS.sub(" ", text))


def printable(text: str, one_line: bool = True) -> str:
    """Text safe to write to a terminal: control characters shown as escapes (\\x1b); in a
    one-line field line breaks and tabs become a space, in another only those two stay."""
    if text.isprintable():
        return text
    text = _LINE_BREAKS.sub(" ", text) if one_line else text.replace("\r\n", "\n")
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code in (9, 10):  # tab and line feed, kept by a multi-line field
        return match.group()
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
