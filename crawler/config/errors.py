"""pydantic's validation errors as one `where: what` line each, the form every config error takes."""

from __future__ import annotations

from pydantic import ValidationError


def format_errors(exc: ValidationError, prefix: str = "") -> list[str]:
    """Turn pydantic errors into `sources[3].url: message` lines."""
    lines = []
    for err in exc.errors():
        loc = prefix
        for part in err["loc"]:
            loc += f"[{part}]" if isinstance(part, int) else (f".{part}" if loc else str(part))
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "unknown key"
        lines.append(f"{loc or '(top)'}: {message}")
    return lines
