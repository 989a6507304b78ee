"""The configurable parts of the shared view: the time window, MARAC thresholds and
how long a closed case's contribution is kept.

Defaults follow the partners' practice ("in the last 12 months", three incidents for
escalation); a partnership may change any of them by environment, for example
MARAC_RULE_ESCALATION_INCIDENTS=4. Every worker of one projection must use the same
rules, or their read models would differ.

The retention period (RETENTION_DAYS) is read by more than the projection: RiskView
(an agenda as of a cut-off), the audit service and its `verify` (which removals
retention allowed) and its `retain` (which payloads go). Each reads it here, so
unset they all take the one default; the chart gives them all one install value
(values.yaml retentionDays), and each says the period it runs by when it starts.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import timedelta

from marac.v1 import vocabulary_pb2
from services.common.settings import SettingsError, setting, whole_number

ENV_PREFIX = "MARAC_RULE_"
RETENTION_DAYS = ENV_PREFIX + "RETENTION_DAYS"


@dataclass(frozen=True)
class Rules:
    # Incidents and referrals count while they are this recent ("the last 12 months").
    window_days: int = 365
    # Escalation: at least this many visible incidents across agencies in the window.
    escalation_incidents: int = 3
    # Cumulative harm: incidents no agency rated high, at this many agencies ...
    cumulative_agencies: int = 2
    # ... or with this many different monitored strands.
    cumulative_strands: int = 2
    # A subject discussed this recently is on the agenda again only with new information,
    # and then as a repeat referral.
    repeat_window_days: int = 365
    # The risk level that counts as high.
    high_risk_level: int = vocabulary_pb2.RISK_LEVEL_HIGH
    # A closed case's contribution leaves the shared view (and its facts the read
    # model) this long after its closure. The partners' documents set no period
    # (../shared/seeds say nothing of retention; DESIGN.md asks only for "retention
    # after closure"); a year matches the window: after it, none of the case's
    # incidents or referrals would count for eligibility any longer.
    retention_days: int = 365

    def __post_init__(self) -> None:
        for field in fields(self):
            if getattr(self, field.name) < 1:
                raise ValueError(f"rule {field.name} must be at least 1")

    @property
    def window(self) -> timedelta:
        return timedelta(days=self.window_days)

    @property
    def repeat_window(self) -> timedelta:
        return timedelta(days=self.repeat_window_days)

    @property
    def retention(self) -> timedelta:
        return timedelta(days=self.retention_days)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Rules":
        """Defaults, each overridable by MARAC_RULE_<NAME> (for example MARAC_RULE_WINDOW_DAYS);
        empty is unset, as an install value left empty gives it."""
        env = os.environ if env is None else env
        values = {}
        for field in fields(cls):
            name = ENV_PREFIX + field.name.upper()
            if env.get(name):
                value = setting(env, name, whole_number, "a whole number, at least 1")
                if value < 1:
                    raise SettingsError(f"{name} must be a whole number, at least 1")
                values[field.name] = value
        return cls(**values)
