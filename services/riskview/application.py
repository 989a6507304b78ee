"""RiskView: who may see what of the shared view, and the record of every disclosure.

- An agency representative asks about one of their own agency's cases (by its case
  reference, never by match key) and sees their agency's own contributions plus what
  other agencies shared with their agency kind for risk assessment.
- A MARAC chair lists the MARAC agenda (eligible subjects with reasons naming the
  agencies) and opens items of it, seeing what was shared with the MARAC panel for
  discussion. A subject that is not on the agenda cannot be opened. A reason also
  names the cases whose agency referred the subject to MARAC (on professional
  judgement, visible high risk or escalation) whatever their consent: a referral is
  addressed to the panel. Of such a case the panel learns only that its agency
  referred, recorded in the disclosure with the basis of a MARAC referral, unless
  the case is shared with the panel too.
- IG staff audit disclosures elsewhere; here they are refused any case content.

A partnership may hold MARAC meetings by area (shared_view/areas.py): the agenda asked
for an area, or opened for a meeting of an area, is that area's subjects only.

Who the caller is comes from their verified token (services.common.person_tokens), never
from the request. A subject's match key never leaves RiskView: an agenda item is
named by its handle (services.riskview.handles). A meeting id, recorded with each
disclosure, has a restricted format (MEETING_ID) so no name or narrative fits.

The projection already keeps per recipient only what consent or an override allows;
RiskView also drops an override that expired since the last refresh. Before any
response shows another agency's contribution, a Disclosure is recorded; when it
cannot be, the response is refused (DisclosureNotRecorded), never sent unaudited.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from marac.v1 import vocabulary_pb2
from services.agencies import RECIPIENT_OF_KIND
from services.common.callers import CHAIR, IG_STAFF, REPRESENTATIVE, Caller
from services.common.errors import NotFound, PermissionDenied
from services.common.paging import page_token_after, read_page
from services.common.validation import Violations
from services.riskview.disclosure_record import (
    AGENDA_ITEM_VIEW,
    AGENDA_VIEW,
    CASE_VIEW,
    DisclosedCase,
    Disclosure,
    DisclosureLog,
    disclosed,
    new_disclosure_id,
)
from services.riskview.handles import HANDLE, Handles
from services.riskview.panel_agenda import (
    AGENDA,
    NO_MEETING,
    AgendaItemView,
    AgendaLine,
    AgendaPage,
    MeetingAgendas,
    agenda_page,
    agenda_token,
    area_scope,
    check_meeting,
    reason_cases,
    shown_to_panel,
)
from shared_view.areas import NO_AREAS, Areas, AreaScope, in_area
from shared_view.view import AgendaEntry, AgendaPosition, Contribution, Grant, Seen

# The roles RiskView serves (what each may see: below).
ROLES = frozenset({REPRESENTATIVE, CHAIR, IG_STAFF})

MAX_TEXT = 200
OWN_CASES = "own-cases"


class ViewReader(Protocol):
    def subject_of_case(self, agency_id: str, case_reference: str) -> str | None: ...

    def seen_by_agency(
        self, subject_key: str, recipient: int, agency_id: str, now: datetime
    ) -> list[Seen]: ...

    def seen_by_panel(self, subject_key: str, now: datetime) -> list[Seen]: ...

    def own_cases(self, agency_id: str, after: str, limit: int) -> list[Contribution]: ...

    def agenda(
        self, after: AgendaPosition | None, limit: int, area: AreaScope | None = None
    ) -> list[AgendaEntry]: ...

    def agenda_entry(self, subject_key: str) -> AgendaEntry | None: ...

    def panel_grants(
        self, subject_keys: Sequence[str], now: datetime
    ) -> dict[tuple[str, str, str], Grant]: ...


@dataclass(frozen=True)
class CaseView:
    seen: list[Seen]  # grant None: the caller's own agency's
    disclosure_id: str  # empty when nothing of another agency was shown


@dataclass(frozen=True)
class OwnCasesPage:
    cases: list[Contribution]
    next_page_token: str  # empty on the last page


def utc_now() -> datetime:
    return datetime.now(UTC)


class RiskView:
    def __init__(
        self,
        reader: ViewReader,
        disclosures: DisclosureLog,
        handles: Handles,
        agendas: MeetingAgendas,
        clock: Callable[[], datetime] = utc_now,
        new_id: Callable[[], str] = new_disclosure_id,
        areas: Areas = NO_AREAS,
    ):
        self._reader = reader
        self._disclosures = disclosures
        self._handles = handles
        self._agendas = agendas
        self._areas = areas
        self._clock = clock
        self._new_id = new_id

    def case_view(self, caller: Caller, case_reference: str) -> CaseView:
        _allow(caller, REPRESENTATIVE, "only agency representatives view cases")
        problems = Violations()
        problems.require("case_reference", case_reference, MAX_TEXT)
        problems.raise_if_any()
        subject_key = self._reader.subject_of_case(caller.agency_id, case_reference)
        if subject_key is None:
            raise NotFound("your agency has no shared case with this reference")
        now = self._clock()
        seen = self._reader.seen_by_agency(
            subject_key, RECIPIENT_OF_KIND[caller.agency], caller.agency_id, now
        )
        if any(grant is None and c.agency != caller.agency for c, grant in seen):
            raise PermissionDenied("the caller's agency kind is not that of the case's agency")
        seen.sort(key=lambda s: (s[1] is not None, s[0].agency_id, s[0].case_reference))
        others = [
            disclosed(contribution, grant) for contribution, grant in seen if grant is not None
        ]
        disclosure_id = ""
        if others:
            disclosure = self._disclosure(
                caller,
                subject_key,
                others,
                vocabulary_pb2.PURPOSE_RISK_ASSESSMENT,
                now,
                "",
                CASE_VIEW,
            )
            self._disclosures.record([disclosure])
            disclosure_id = disclosure.disclosure_id
        return CaseView(seen, disclosure_id)

    def own_cases(self, caller: Caller, page_size: int, page_token: str) -> OwnCasesPage:
        """The caller's agency's own cases: only its own contributions, so no
        disclosure. The page token is for this agency's list only."""
        _allow(caller, REPRESENTATIVE, "only agency representatives list their cases")
        problems = Violations()
        scope = f"{OWN_CASES}:{caller.agency_id}"
        after, size = read_page(problems, scope, page_size, page_token, (str,))
        problems.raise_if_any()
        found = self._reader.own_cases(caller.agency_id, after[0] if after else "", size + 1)
        cases = [c for c in found[:size] if c.agency == caller.agency]
        token = (
            page_token_after(scope, (found[size - 1].case_reference,)) if len(found) > size else ""
        )
        return OwnCasesPage(cases, token)

    def agenda(
        self, caller: Caller, meeting_id: str, page_size: int, page_token: str, area: str = ""
    ) -> AgendaPage:
        _allow(caller, CHAIR, "only MARAC chairs see the agenda")
        problems = Violations()
        check_meeting(problems, meeting_id)
        scope = area_scope(problems, self._areas, area)
        listed = AGENDA if scope is None else f"{AGENDA}:{area}"
        after, size = agenda_page(problems, self._handles, listed, page_size, page_token)
        problems.raise_if_any()
        entries = self._reader.agenda(after, size + 1, scope)
        more = len(entries) > size
        entries = entries[:size]
        now = self._clock()
        grants = self._reader.panel_grants([e.subject_key for e in entries], now)
        items, disclosures = [], []
        for entry in entries:
            shown = shown_to_panel(entry, grants)
            if not shown.reasons:
                continue  # what made it eligible is no longer shared with the panel
            items.append(AgendaLine(self._handles.of(entry.subject_key), shown))
            disclosures.append(
                self._disclosure(
                    caller,
                    entry.subject_key,
                    reason_cases(shown, grants),
                    vocabulary_pb2.PURPOSE_MARAC_DISCUSSION,
                    now,
                    meeting_id,
                    AGENDA_VIEW,
                )
            )
        if disclosures:
            self._disclosures.record(disclosures)
        token = agenda_token(self._handles, listed, entries) if more else ""
        return AgendaPage(items, token, [d.disclosure_id for d in disclosures])

    def agenda_item(
        self, caller: Caller, handle: str, meeting_id: str, area: str = ""
    ) -> AgendaItemView:
        _allow(caller, CHAIR, "only MARAC chairs open agenda items")
        problems = Violations()
        if not handle:
            problems.add("handle", "is required")
        elif not HANDLE.fullmatch(handle):
            problems.add("handle", "must be an agenda item's handle: 64 URL-safe base64 characters")
        check_meeting(problems, meeting_id)
        scope = area_scope(problems, self._areas, area)
        problems.raise_if_any()
        subject_key = self._handles.subject_of(handle)
        if subject_key is None:
            raise NotFound("this subject is not on the MARAC agenda")
        entry = self._reader.agenda_entry(subject_key)
        if entry is None and not meeting_id:
            raise NotFound("this subject is not on the MARAC agenda")
        now = self._clock()
        seen = self._reader.seen_by_panel(subject_key, now)
        grants = {(subject_key, c.agency_id, c.case_reference): g for c, g in seen if g}
        shown = shown_to_panel(entry, grants) if entry else None
        # The meeting service is asked of the meeting when only it can tell: whether a
        # subject not eligible now is on its agenda, or of which area it is.
        eligible = shown is not None and bool(shown.reasons)
        checked = NO_MEETING
        if meeting_id and (not eligible or self._areas.configured):
            checked = self._agendas.check(meeting_id, handle)
            if checked.area:
                scope = self._areas.scope(checked.area) if self._areas.knows(checked.area) else None
        if not (eligible and in_area(shown.districts, scope)):
            # Not eligible now, or not of the meeting's area: opened only for a meeting
            # whose agenda it is on (a chair's addition, an item deferred or discussed),
            # as the meeting service says, and only if the panel may see something of it.
            shared = [c for c, g in seen if g]
            if not meeting_id or not (eligible or shared) or not checked.on_agenda:
                raise NotFound("this subject is not on the MARAC agenda")
            if shown is None or not eligible:
                shown = AgendaEntry(
                    subject_key,
                    max(c.risk_level for c in shared),
                    sum(c.incident_count for c in shared),
                    (),
                )
        cases = {(d.agency_id, d.case_reference): d for d in reason_cases(shown, grants)}
        for contribution, grant in seen:
            cases[contribution.case] = disclosed(contribution, grant)
        disclosure = self._disclosure(
            caller,
            subject_key,
            list(cases.values()),
            vocabulary_pb2.PURPOSE_MARAC_DISCUSSION,
            now,
            meeting_id,
            AGENDA_ITEM_VIEW,
        )
        self._disclosures.record([disclosure])
        return AgendaItemView(AgendaLine(handle, shown), seen, disclosure.disclosure_id)

    def _disclosure(
        self,
        caller: Caller,
        subject_key: str,
        cases: Sequence[DisclosedCase],
        purpose: int,
        now: datetime,
        meeting_id: str,
        view: int,
    ) -> Disclosure:
        ordered = tuple(sorted(cases, key=lambda d: (d.agency_id, d.case_reference)))
        return Disclosure(
            self._new_id(), caller, subject_key, ordered, purpose, now, meeting_id, view
        )


def _allow(caller: Caller, role: int, refusal: str) -> None:
    if caller.role not in ROLES or (
        caller.role == REPRESENTATIVE and caller.agency not in RECIPIENT_OF_KIND
    ):
        raise PermissionDenied("the caller has no role that RiskView serves")
    if caller.role == IG_STAFF:
        raise PermissionDenied("IG staff audit disclosures and see no case content")
    if caller.role != role:
        raise PermissionDenied(refusal)
