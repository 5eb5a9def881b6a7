"""The `daemon:` config section: tick budget, wake-up bounds, jitter, health and adaptive polling."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from crawler.config.durations import Duration

Seconds = Duration
_STRICT = ConfigDict(extra="forbid", frozen=True)


class HealthConfig(BaseModel):
    """When a source counts as unhealthy: failing too long, or silent for unusually long."""

    model_config = _STRICT

    check_interval: Seconds = Field(60.0, gt=0, description="how often source health is checked")
    failing_after: Seconds = Field(3600.0, gt=0, description="failing this long raises an alert")
    silent_factor: float = Field(
        10.0, ge=0, description="silent for this many typical gaps raises an alert (0: off)"
    )
    silent_min: Seconds = Field(86400.0, ge=0, description="never call a source silent sooner")
    silent_max: Seconds = Field(14 * 86400.0, gt=0, description="always call it silent after")
    min_articles: int = Field(5, ge=2, description="articles needed to know a source's rhythm")
    notify: tuple[str, ...] = Field(
        (), description="subscriptions (operators) that get a message when a source turns unhealthy"
    )


class AdaptiveConfig(BaseModel):
    """Miniflux-style adaptive polling: the interval follows how often a feed publishes."""

    model_config = _STRICT

    enabled: bool = False
    window: Seconds = Field(7 * 86400.0, gt=0, description="publishing history considered")
    min_interval: Seconds = Field(300.0, gt=0, description="never poll a busy feed more often")
    max_interval: Seconds = Field(86400.0, gt=0, description="never poll a quiet feed less often")

    @model_validator(mode="after")
    def _ordered(self) -> AdaptiveConfig:
        if self.min_interval > self.max_interval:
            raise ValueError("min_interval must not exceed max_interval")
        return self


class DaemonConfig(BaseModel):
    """How `watchpost run` schedules crawl ticks, delivery and health checks."""

    model_config = _STRICT

    tick_budget: Seconds = Field(600.0, gt=0, description="a crawl tick running longer is killed")
    stop_grace: Seconds = Field(
        20.0, ge=0, description="on SIGTERM, how long the running tick may finish"
    )
    delivery_interval: Seconds = Field(2.0, gt=0, description="how often the outbox is sent")
    heartbeat_interval: Seconds = Field(5.0, gt=0, description="how often liveness is recorded")
    min_wait: Seconds = Field(1.0, gt=0, description="shortest pause between two ticks")
    max_wait: Seconds = Field(60.0, gt=0, description="longest sleep before due times are re-read")
    misfire_grace: Seconds = Field(30.0, gt=0, description="a job late by more is skipped once")
    jitter: float = Field(0.1, ge=0, le=0.5, description="random extra wait, share of interval")
    jitter_max: Seconds = Field(60.0, ge=0, description="cap on the random extra wait")
    keep_ticks: int = Field(2000, ge=10, description="tick history rows kept in the database")
    health: HealthConfig = HealthConfig()
    adaptive: AdaptiveConfig = AdaptiveConfig()

    @model_validator(mode="after")
    def _ordered(self) -> DaemonConfig:
        if self.min_wait > self.max_wait:
            raise ValueError("min_wait must not exceed max_wait")
        return self
