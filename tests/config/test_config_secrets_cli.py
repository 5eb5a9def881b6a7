"""Secrets through the real CLI in a subprocess: missing ones stop delivering commands (exit 2),
NAME_FILE works, readable files holding tokens are warned about, `config show` hides secrets,
and DEBUG logs of a real delivery carry no webhook token."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from alerts import outbox, render
from crawler.storage.db import open_db
from tests.support.alertkit import make_alert
from tests.support.ports import free_port
from tests.support.receivers import Receiver

WATCHPOST = str(Path(sys.executable).parent / "watchpost")
TOKEN = "T0KEN9xQzB7pL2mN4vR8sW1y"
SIG = "s1GnAtUrE8kJ3hF6"
SECRET = "whsec_c2VjcmV0LWtleS1mcm9tLWNsaQ=="
# Variables these tests name; removed from the inherited environment so only `env` sets them.
NAMES = ("WP_T_HOOK", "WP_T_OLD", "WP_T_SMTP")
CLEAN = {k: v for k, v in os.environ.items()
         if not any(k == n or k == f"{n}_FILE" for n in NAMES)}


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([WATCHPOST, *args], capture_output=True, text=True, timeout=timeout,
                          env={**CLEAN, **(env or {})}, stdin=subprocess.DEVNULL)


def hook(name: str, url: str, env: str | list[str] = "WP_T_HOOK") -> dict[str, Any]:
    return {"name": name, "channel": {"type": "webhook", "url": url, "secret_env": env}}


def mail(name: str, env: str = "WP_T_SMTP") -> dict[str, Any]:
    return {"name": name, "channel": {"type": "email", "to": ["ops@example.org"],
                                      "from_addr": "alerts@example.org",
                                      "host": "smtp.example.org", "username": "alerts",
                                      "password_env": env}}


def write(tmp_path: Path, mode: int = 0o600, **sections: Any) -> Path:
    data: dict[str, Any] = {"database": "watchpost.db", "logging": {"level": "INFO"},
                            "crawl": {"allow_hosts": ["127.0.0.1"]}, **sections}
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    path.chmod(mode)
    return path


def problems(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line.strip()[2:] for line in result.stderr.splitlines() if line.startswith("  - ")]


# A secret the config names but the environment lacks.


def test_config_check_fails_on_an_unset_secret_naming_subscription_and_variable(
    tmp_path: Path
) -> None:
    config = write(tmp_path, subscriptions=[hook("ops-hook", "https://hooks.example.org/x")])
    result = cli("config", "check", "--config", str(config))
    assert result.returncode == 2, result.stdout + result.stderr
    assert problems(result) == [
        "subscriptions[0] (ops-hook): secret variable WP_T_HOOK is not set (nor WP_T_HOOK_FILE)"]
    assert "Traceback" not in result.stderr
    assert cli("config", "check", "--config", str(config),
               env={"WP_T_HOOK": "s"}).returncode == 0


def test_every_config_error_is_listed_at_once(tmp_path: Path) -> None:
    config = write(
        tmp_path,
        sources=[{"name": "bad", "url": "ftp://example.org/feed"}],
        subscriptions=[hook("ops-hook", "https://hooks.example.org/x", ["WP_T_HOOK", "WP_T_OLD"]),
                       mail("desk-mail"), {"name": "broken", "channel": {"type": "pigeon"}}],
    )
    result = cli("config", "check", "--config", str(config), env={"WP_T_OLD": "old"})
    assert result.returncode == 2
    found = problems(result)
    assert any(p.startswith("sources[0].url") for p in found), found
    assert any(p.startswith("subscriptions[2].channel") for p in found), found
    assert "subscriptions[0] (ops-hook): secret variable WP_T_HOOK is not set " \
           "(nor WP_T_HOOK_FILE)" in found
    assert "subscriptions[1] (desk-mail): secret variable WP_T_SMTP is not set " \
           "(nor WP_T_SMTP_FILE)" in found
    assert not any("WP_T_OLD" in p for p in found)


@pytest.mark.parametrize("command", [["alerts", "deliver"], ["run"], ["subscriptions", "test", "x"],
                                     ["crawl"]])
def test_commands_that_deliver_refuse_to_start_without_the_secret(
    tmp_path: Path, command: list[str]
) -> None:
    config = write(tmp_path, subscriptions=[hook("ops-hook", "https://hooks.example.org/x")])
    result = cli(*command, "--config", str(config), timeout=60)  # `run` would not stop by itself
    assert result.returncode == 2, result.stdout + result.stderr
    assert "WP_T_HOOK" in result.stderr and "ops-hook" in result.stderr


def test_commands_that_do_not_deliver_still_run(tmp_path: Path) -> None:
    config = write(tmp_path, subscriptions=[hook("ops-hook", "https://hooks.example.org/x")])
    for command in (["sources", "list"], ["alerts", "outbox"], ["crawl", "--no-alerts"]):
        result = cli(*command, "--config", str(config))
        assert result.returncode == 0, (command, result.stderr)


# NAME_FILE.


def test_name_file_satisfies_the_check_and_a_bad_one_is_named(tmp_path: Path) -> None:
    config = write(tmp_path, subscriptions=[hook("ops-hook", "https://hooks.example.org/x")])
    secret_file = tmp_path / "hook.secret"
    secret_file.write_text(SECRET + "\n")
    assert cli("config", "check", "--config", str(config),
               env={"WP_T_HOOK_FILE": str(secret_file)}).returncode == 0
    missing = tmp_path / "no-such-file"
    result = cli("config", "check", "--config", str(config), env={"WP_T_HOOK_FILE": str(missing)})
    assert result.returncode == 2
    [problem] = problems(result)
    assert problem.startswith("subscriptions[0] (ops-hook): WP_T_HOOK_FILE: cannot read ")
    assert str(missing) in problem
    both = cli("config", "check", "--config", str(config),
               env={"WP_T_HOOK": "a", "WP_T_HOOK_FILE": str(secret_file)})
    assert both.returncode == 2 and "both WP_T_HOOK and WP_T_HOOK_FILE" in both.stderr


# Files others can read.


def test_a_readable_config_holding_a_token_is_warned_about(tmp_path: Path) -> None:
    tokened = f"https://hooks.slack.example/services/T01ABCD/B02EFGH/{TOKEN}"
    env = {"WP_T_HOOK": "s"}
    config = write(tmp_path, 0o644, subscriptions=[hook("ops-hook", tokened)])
    result = cli("config", "check", "--config", str(config), env=env)
    assert result.returncode == 0, result.stderr  # a warning, not an error
    [warning] = [line for line in result.stderr.splitlines() if "warning" in line]
    assert f"config file {config.resolve()} is readable by group/others (mode 0644)" in warning
    assert "ops-hook" in warning and TOKEN not in result.stderr
    config.chmod(0o600)
    assert "warning" not in cli("config", "check", "--config", str(config), env=env).stderr
    plain = write(tmp_path, 0o644, subscriptions=[hook("ops-hook", "https://hooks.example.org/in")])
    assert "warning" not in cli("config", "check", "--config", str(plain), env=env).stderr


def test_the_database_is_created_owner_only_and_a_readable_one_is_warned_about(
    tmp_path: Path
) -> None:
    tokened = f"https://hooks.example.org/hook?token={SIG}"
    config = write(tmp_path, subscriptions=[hook("ops-hook", tokened)])
    assert cli("subscriptions", "list", "--config", str(config)).returncode == 0  # synced
    database = tmp_path / "watchpost.db"
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert "warning" not in cli("subscriptions", "list", "--config", str(config)).stderr
    database.chmod(0o640)
    result = cli("subscriptions", "list", "--config", str(config))
    [warning] = [line for line in result.stderr.splitlines() if "warning" in line]
    assert f"database {database} is readable by group/others (mode 0640)" in warning
    assert "ops-hook" in warning


# config show.


def test_config_show_prints_the_config_with_every_secret_redacted(tmp_path: Path) -> None:
    tokened = f"https://discord.example/api/webhooks/1234567/{TOKEN}?wait=true&sig={SIG}"
    secret_file = tmp_path / "pw"
    secret_file.write_text(SECRET)
    config = write(
        tmp_path,
        sources=[{"name": "dawn", "url": "https://www.dawn.com/feeds/home"},
                 {"name": "paid", "url": f"https://api.example.org/feed?api_key={SIG}"}],
        # The secret typed into a field where it does not belong is hidden as well.
        subscriptions=[hook("ops-hook", tokened), {**mail("desk"), "channel": {
            **mail("desk")["channel"], "username": SECRET}}],
    )
    result = cli("config", "show", "--config", str(config), env={"WP_T_SMTP_FILE": str(secret_file)})
    assert result.returncode == 0, result.stderr
    for secret in (TOKEN, SIG, SECRET):
        assert secret not in result.stdout
    shown = yaml.safe_load(result.stdout)
    assert shown["subscriptions"][0]["channel"]["url"] == "https://discord.example/<redacted>"
    assert shown["subscriptions"][0]["channel"]["secret_env"] == "WP_T_HOOK"  # a name, kept
    assert shown["subscriptions"][1]["channel"]["password_env"] == "WP_T_SMTP"
    assert shown["subscriptions"][1]["channel"]["username"] == "<redacted>"
    assert [s["url"] for s in shown["sources"]] == [
        "https://www.dawn.com/feeds/home", "https://api.example.org/<redacted>"]
    assert shown["crawl"]["interval"] == 900.0  # defaults filled in
    assert shown["database"] == str(tmp_path.resolve() / "watchpost.db")


# Logs of a real delivery through the CLI.


def test_debug_logs_and_outbox_listing_of_a_delivery_hold_no_token(
    tmp_path: Path, receiver: Receiver
) -> None:
    good = receiver.on(f"/services/{TOKEN}?sig={SIG}", (200, {}))
    dead = f"http://127.0.0.1:{free_port()}/services/{TOKEN}x?sig={SIG}"
    config = write(tmp_path, logging={"level": "DEBUG"},
                   subscriptions=[hook("ops-hook", good), hook("dead-hook", dead)])
    now = datetime.now(UTC) - timedelta(minutes=1)
    db = open_db(tmp_path / "watchpost.db")
    for name in ("ops-hook", "dead-hook"):
        payload = render.incident_payload(make_alert(), name, now)
        outbox.enqueue_message(db, name, "incident.created", f"msg_{name}", payload, now)
    db.close()
    env = {"WP_T_HOOK": SECRET}
    result = cli("alerts", "deliver", "--config", str(config), env=env)
    assert result.returncode == 0, result.stderr
    assert len(receiver.hits(urlsplit(good).path + "?" + urlsplit(good).query)) == 1
    assert "Starting new HTTP connection" in result.stderr  # urllib3's DEBUG lines are there
    assert "POST /<redacted> HTTP/1.1" in result.stderr
    listing = cli("alerts", "outbox", "--config", str(config), env=env)
    assert "connection error" in listing.stdout  # the dead hook's row, with its last error
    for text in (result.stdout, result.stderr, listing.stdout, listing.stderr):
        for secret in (TOKEN, SIG, SECRET):
            assert secret not in text


def test_outbox_listing_hides_urls_that_older_releases_stored_in_errors(tmp_path: Path) -> None:
    url = f"https://hooks.example.org/services/{TOKEN}?sig={SIG}"
    config = write(tmp_path, subscriptions=[hook("ops-hook", url)])
    now = datetime.now(UTC)
    db = open_db(tmp_path / "watchpost.db")
    payload = render.incident_payload(make_alert(), "ops-hook", now)
    outbox.enqueue_message(db, "ops-hook", "incident.created", "msg_old", payload, now)
    [row] = outbox.list_rows(db)
    old_error = f"'{url}' refused"  # the listing shows 50 characters of it
    outbox.mark(db, row.id, "failed", now, error=old_error)
    db.close()
    listing = cli("alerts", "outbox", "--config", str(config))
    assert listing.returncode == 0, listing.stderr
    assert "'https://hooks.example.org/<redacted>' refused" in listing.stdout
    assert "services" not in listing.stdout and TOKEN[:5] not in listing.stdout


def test_a_bad_webhook_url_is_reported_without_its_token(tmp_path: Path) -> None:
    config = write(tmp_path, subscriptions=[
        hook("ops-hook", f"ftp://hooks.example.org/services/{TOKEN}", "WP_T_HOOK")])
    result = cli("config", "check", "--config", str(config), env={"WP_T_HOOK": "s"})
    assert result.returncode == 2
    [problem] = problems(result)
    assert problem.startswith("subscriptions[0].channel")
    assert problem.endswith("ftp://hooks.example.org/<redacted>: not an http(s) URL (scheme 'ftp')")
    assert TOKEN not in result.stderr
