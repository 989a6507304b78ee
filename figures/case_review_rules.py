"""The configurable parts of the ASB case review (Community Trigger) detection.

The case review is the one the Anti-Social Behaviour, Crime and Policing Act 2014
gives victims (named in ../shared/seeds/003, Livv Housing's policy; the DDPO
partnership's proposal, seeds/004, asks its advocates to use "the Community Trigger
... forums"). The thresholds are the partners' practice as ../shared/DESIGN.md
("Domain") and issue 13 state it: set locally, at most three complaints; usually
three in six months, each made within a month of the behaviour; some areas add "or
one hate-related incident", some count several people's complaints about one
locality.

Defaults are the usual rule; a partnership changes any of them by environment, for
example MARAC_CASE_REVIEW_HATE_INCIDENT=1. A threshold above three is refused: the
Act lets a partnership lower the bar, never raise it.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import timedelta

from marac.v1 import vocabulary_pb2 as vocab
from services.common.settings import SettingsError, setting, whole_number

ENV_PREFIX = "MARAC_CASE_REVIEW_"
MOST_COMPLAINTS = 3  # the statutory ceiling on any complaints threshold
CEILING = ": the threshold is set locally, at most three complaints"

# Each agency counts what was reported in its own closed list; these are the
# categories that name the same behaviour at different agencies, so that one
# incident reported to the police as harassment and to the landlord as harassment
# or intimidation is matched as one. A category not listed is matched with itself.
SAME_BEHAVIOUR: tuple[frozenset[int], ...] = (
    frozenset(
        {
            vocab.INCIDENT_CATEGORY_HARASSMENT,
            vocab.INCIDENT_CATEGORY_HARASSMENT_OR_INTIMIDATION,
            vocab.INCIDENT_CATEGORY_STALKING,
        }
    ),
    frozenset({vocab.INCIDENT_CATEGORY_ASSAULT, vocab.INCIDENT_CATEGORY_PHYSICAL_ASSAULT}),
    frozenset({vocab.INCIDENT_CATEGORY_THREATS, vocab.INCIDENT_CATEGORY_THREATS_OF_VIOLENCE}),
    frozenset(
        {
            vocab.INCIDENT_CATEGORY_MALICIOUS_COMMUNICATIONS,
            vocab.INCIDENT_CATEGORY_OFFENSIVE_COMMUNICATIONS,
            vocab.INCIDENT_CATEGORY_ONLINE_HARASSMENT,
            vocab.INCIDENT_CATEGORY_ONLINE_ABUSE,
        }
    ),
    frozenset(
        {
            vocab.INCIDENT_CATEGORY_ANTI_SOCIAL_BEHAVIOUR,
            vocab.INCIDENT_CATEGORY_OTHER_ANTI_SOCIAL_BEHAVIOUR,
            vocab.INCIDENT_CATEGORY_NOISE_NUISANCE,
        }
    ),
    frozenset({vocab.INCIDENT_CATEGORY_SEXUAL_OFFENCE, vocab.INCIDENT_CATEGORY_SEXUAL_ASSAULT}),
)


class CaseReviewRulesError(ValueError):
    """Case review rules a partnership cannot use; the message names the rule."""

    def __init__(self, rule: str, must: str) -> None:
        self.rule = rule
        super().__init__(f"case review rule {rule} must {must}")


@dataclass(frozen=True)
class CaseReviewRules:
    # Repeated complaints: this many complaints by one person in the period (1-3).
    complaints: int = 3
    # The period, in calendar months ending now ("in six months").
    period_months: int = 6
    # A complaint counts when made within this many months of the behaviour.
    made_within_months: int = 1
    # Reports of one incident to several agencies count once: same person, same
    # behaviour (SAME_BEHAVIOUR), occurring within this many hours of each other.
    same_incident_hours: int = 24
    # "Or one hate-related incident" (1: on, 0: off).
    hate_incident: int = 0
    # Complaints about one postcode district (0: off; else 1-3) ...
    locality_complaints: int = 0
    # ... made by at least this many different people.
    locality_people: int = 2

    def __post_init__(self) -> None:
        for name in ("complaints", "period_months", "made_within_months", "same_incident_hours"):
            if getattr(self, name) < 1:
                raise CaseReviewRulesError(name, "be at least 1")
        if self.complaints > MOST_COMPLAINTS:
            raise CaseReviewRulesError("complaints", f"be at most {MOST_COMPLAINTS}{CEILING}")
        if self.hate_incident not in (0, 1):
            raise CaseReviewRulesError("hate_incident", "be 0 (off) or 1 (on)")
        if not 0 <= self.locality_complaints <= MOST_COMPLAINTS:
            raise CaseReviewRulesError(
                "locality_complaints", f"be 0 (off) or at most {MOST_COMPLAINTS}{CEILING}"
            )
        if self.locality_people < 2:
            raise CaseReviewRulesError("locality_people", "be at least 2 (several people)")
        if self.locality_complaints and self.locality_people > self.locality_complaints:
            raise CaseReviewRulesError(
                "locality_people",
                "be at most locality_complaints (each person makes one of the complaints)",
            )

    @property
    def same_incident_window(self) -> timedelta:
        return timedelta(hours=self.same_incident_hours)

    def behaviour(self, category: int) -> int:
        """The behaviour a category names, for matching: the lowest category of its
        group in SAME_BEHAVIOUR, or the category itself."""
        for group in SAME_BEHAVIOUR:
            if category in group:
                return min(group)
        return category

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "CaseReviewRules":
        """Defaults, each overridable by MARAC_CASE_REVIEW_<NAME>; a value the rules
        refuse stops the process with a SettingsError naming the variable."""
        env = os.environ if env is None else env
        values = {}
        for field in fields(cls):
            name = ENV_PREFIX + field.name.upper()
            if name in env:
                values[field.name] = setting(env, name, whole_number, "a whole number")
        try:
            return cls(**values)
        except CaseReviewRulesError as error:
            raise SettingsError(f"{ENV_PREFIX}{error.rule.upper()}: {error}") from None
