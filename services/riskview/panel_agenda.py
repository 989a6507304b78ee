"""The MARAC agenda as the panel may see it: its pages (a token names the last item by
its handle, never its match key), an area's part of it, each entry with only the cases
the panel may see now and the basis on which it sees each, and what the meeting service
says of a meeting's agenda.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from services.common.meeting_action_commands import MEETING_ID
from services.common.paging import page_token_after, read_page
from services.common.validation import Violations
from services.riskview.disclosure_record import BY_REFERRAL, DisclosedCase
from services.riskview.handles import Handles
from shared_view.areas import Areas, AreaScope
from shared_view.eligibility import Reason
from shared_view.view import AgendaEntry, AgendaPosition, Grant, Seen

AGENDA = "marac-agenda"


@dataclass(frozen=True)
class MeetingAgenda:
    """What the meeting service says of a meeting and a subject."""

    on_agenda: bool  # the subject is an item of the meeting's agenda
    area: str  # the meeting's; empty when there is no such meeting


NO_MEETING = MeetingAgenda(False, "")


class MeetingAgendas(Protocol):
    def check(self, meeting_id: str, handle: str) -> MeetingAgenda:
        """Whether the subject is an item of the meeting's agenda and the meeting's
        area, as the meeting service says; Unavailable when it cannot say."""


@dataclass(frozen=True)
class AgendaLine:
    handle: str  # what the chair opens it by, never the match key
    entry: AgendaEntry


@dataclass(frozen=True)
class AgendaPage:
    items: list[AgendaLine]
    next_page_token: str  # empty on the last page
    disclosure_ids: list[str]


@dataclass(frozen=True)
class AgendaItemView:
    item: AgendaLine
    seen: list[Seen]
    disclosure_id: str


def agenda_page(
    problems: Violations, handles: Handles, scope: str, page_size: int, page_token: str
) -> tuple[AgendaPosition | None, int]:
    """Where a page of the agenda starts and its size. The token holds the last item's
    handle, never its match key."""
    after, size = read_page(problems, scope, page_size, page_token, (int, int, str))
    if after is None:
        return None, size
    subject_key = handles.subject_of(after[2])
    if subject_key is None:
        problems.add("page_token", "is not a page token issued for this list")
        return None, size
    return (after[0], after[1], subject_key), size


def agenda_token(handles: Handles, scope: str, shown: Sequence[AgendaEntry]) -> str:
    """The token of the agenda's page after `shown`."""
    level, count, subject_key = shown[-1].position
    return page_token_after(scope, (level, count, handles.of(subject_key)))


def area_scope(problems: Violations, areas: Areas, area: str) -> AreaScope | None:
    """What an agenda asked for an area is limited to; None for the whole partnership
    (no area asked, or none configured)."""
    if area and not MEETING_ID.fullmatch(area):
        problems.add("area", "must be an area code: 1 to 40 of A-Z, 0-9 and '-'")
    elif area and not areas.knows(area):
        problems.add("area", "is not an area of this partnership")
    else:
        return areas.scope(area)
    return None


def check_meeting(problems: Violations, meeting_id: str) -> None:
    if meeting_id and not MEETING_ID.fullmatch(meeting_id):
        problems.add(
            "meeting_id",
            "must be 1 to 40 upper-case letters, digits and '-', starting with a letter or digit",
        )


def shown_to_panel(entry: AgendaEntry, grants: dict[tuple[str, str, str], Grant]) -> AgendaEntry:
    """The entry with only the cases the panel may see now: shared with it, or named
    because their agency referred. (An override may have expired since the view was
    refreshed.)"""
    reasons = []
    for reason in entry.reasons:
        referred = set(reason.referred)
        cases = tuple(
            case
            for case in reason.cases
            if case in referred or (entry.subject_key, case[1], case[2]) in grants
        )
        if cases:
            reasons.append(Reason(reason.rule, cases, reason.referred))
    return AgendaEntry(
        entry.subject_key,
        entry.highest_risk_level,
        entry.incident_count,
        tuple(reasons),
        entry.districts,
    )


def reason_cases(
    entry: AgendaEntry, grants: dict[tuple[str, str, str], Grant]
) -> list[DisclosedCase]:
    """The cases an agenda line names, each with the basis on which the panel sees it:
    its grant, else (a case named because its agency referred) the referral."""
    cases: dict[tuple[str, str], DisclosedCase] = {}
    for reason in entry.reasons:
        for agency, agency_id, reference in reason.cases:
            grant = grants.get((entry.subject_key, agency_id, reference))
            if grant is not None:
                cases[(agency_id, reference)] = DisclosedCase(
                    agency,
                    agency_id,
                    reference,
                    grant.basis,
                    grant.override_id,
                    grant.lawful_basis,
                )
            else:
                cases.setdefault(
                    (agency_id, reference), DisclosedCase(agency, agency_id, reference, BY_REFERRAL)
                )
    return list(cases.values())
