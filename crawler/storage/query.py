"""The search query language, checked and turned into an FTS5 MATCH expression.

    words           all must appear (Quetta blast)
    "a phrase"      these words, in this order
    word*           any word starting so (attack* finds attacks, attacked)
    a OR b          either
    a NOT b         a, without b

Every word is quoted for FTS5, so punctuation in a word never reaches its parser; what is
left to get wrong (an operator with nothing on one side, an unclosed quote) is a QueryError
that says what is wrong and how to write it, instead of FTS5's "syntax error near".
"""

from __future__ import annotations

import re

from crawler.errors import QueryError

OPERATORS = ("OR", "AND", "NOT")
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')


def fts_query(text: str) -> str:
    """The FTS5 expression for a user's query; a QueryError when it cannot mean anything."""
    if text.count('"') % 2:
        raise QueryError(f"unbalanced quote in {text!r}: close the phrase with \" or drop "
                         "the quote")
    parts: list[str] = []
    previous_operator: str | None = "start"
    for match in _TOKEN.finditer(text):
        phrase, word = match.group(1), match.group(2)
        if word is not None and word.upper() in OPERATORS:
            operator = word.upper()
            _check_operator(text, operator, previous_operator)
            parts.append(operator)
            previous_operator = operator
            continue
        parts.append(_term(phrase, word))
        previous_operator = None
    if not parts:
        raise QueryError("empty query: give at least one word")
    if previous_operator is not None:
        raise QueryError(f"{previous_operator} at the end of {text!r} needs a word after it "
                         f"(a {previous_operator} b)")
    return " ".join(parts)


def _check_operator(text: str, operator: str, previous: str | None) -> None:
    if previous == "start":
        hint = "a NOT b finds a without b" if operator == "NOT" else f"a {operator} b"
        raise QueryError(f"{operator} at the start of {text!r} needs a word before it ({hint})")
    if previous is not None:
        raise QueryError(f"{previous} {operator} in {text!r}: put a word between two "
                         f"operators (a {previous} b {operator} c)")


def _term(phrase: str | None, word: str | None) -> str:
    if phrase is not None:
        return '"' + phrase.replace('"', "") + '"'
    assert word is not None
    if word.endswith("*") and len(word.rstrip("*")) > 0:
        return f'"{word.rstrip("*")}"*'
    return f'"{word.rstrip("*")}"'
