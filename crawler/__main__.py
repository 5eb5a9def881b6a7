"""`python -m crawler ...`: the CLI, as the daemon starts its crawl engine (`engine`).

When the daemon starts the engine it sets WATCHPOST_PARENT_PID; the child then watches that its
parent is still alive and kills itself when the daemon dies (even by SIGKILL), so a restarted
daemon never runs beside an orphaned engine.
"""

from __future__ import annotations

from crawler.daemon.child import watch_parent_from_env

watch_parent_from_env()

from crawler.cli import main  # noqa: E402 - the watchdog must be up before the heavy imports

main()
