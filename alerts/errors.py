"""The alerts package's exception tree; only the CLI turns these into messages and exit codes.

WatchpostError (crawler.errors)
└── AlertsError            base of every error the alerts package raises on purpose
    └── UnknownSubscription  a subscription name that is not in the database
"""

from __future__ import annotations

from crawler.errors import WatchpostError


class AlertsError(WatchpostError):
    """Base of every error the alerts package raises on purpose."""


class UnknownSubscription(AlertsError):
    """A subscription name that is not in the subscriptions table."""
