"""What a risk card and a case page show of the contributions RiskView returned, as
the templates use it: who knows what (each agency's case), why it is on the agenda,
the incidents by month, the open actions and who to ask."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from marac.v1 import riskview_pb2
from services.web import vocabulary
from services.web.timeline import Timeline, timeline


@dataclass(frozen=True)
class OpenAction:
    agency: str
    case_reference: str
    action: str
    due: str  # ISO 8601, or empty


@dataclass(frozen=True)
class Shown:
    contributions: Sequence[riskview_pb2.Contribution]
    agencies: list[str]  # the agencies involved, in words, each once
    timeline: Timeline
    open_actions: list[OpenAction]


def shown(
    contributions: Sequence[riskview_pb2.Contribution],
    today: date,
    reasons: Sequence[riskview_pb2.EligibilityReason] = (),
) -> Shown:
    named = [c.agency for c in contributions] + [
        ref.agency for reason in reasons for ref in reason.agencies
    ]
    agencies = list(dict.fromkeys(vocabulary.agency(n) for n in named))
    columns = [
        (f"{vocabulary.agency(c.agency)} ({c.case_reference})", list(c.incident_dates))
        for c in contributions
    ]
    actions = [
        OpenAction(
            vocabulary.agency(c.agency),
            c.case_reference,
            vocabulary.words(vocabulary.ACTION_TYPE, a.type),
            a.due_date,
        )
        for c in contributions
        for a in c.open_actions
    ]
    actions.sort(key=lambda a: (a.due or "9999", a.agency))
    return Shown(contributions, agencies, timeline(columns, today), actions)
