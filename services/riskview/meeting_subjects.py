"""What RiskView tells the MARAC meeting service (and only it: its certificate's
principal) about subjects: who is eligible now, and a subject named by handle or
by an agency's case, each with what the MARAC panel may see of it: the reasons
naming only agencies whose contribution is shared with the panel (or that referred
the subject), and the cases the panel may be told of.

The meeting service is the one caller given match keys: it publishes MaracDiscussed
keyed by them. No person is behind these calls (the meeting service closes an
agenda on its own timer) and nothing of a contribution is shown, so they record no
disclosure; a person sees contributions only through RiskViewService.

An agenda closed late (RiskView or the meeting service away at its cut-off) is asked
for as of its cut-off: the views are computed again, by the pure rules at that instant, from the
facts the agencies had recorded by then (an incident recorded after it is not one of
them, whenever it happened), so no subject that became eligible after the cut-off is
on it. What each is shown with
is what the panel may see now: a share withdrawn since is not named.

Asked for an area (a meeting's), the subjects are that area's (shared_view/areas.py).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from services.common.validation import Violations
from services.riskview.application import ViewReader, utc_now
from services.riskview.handles import HANDLE, Handles
from services.riskview.panel_agenda import agenda_page, agenda_token, area_scope, shown_to_panel
from shared_view.agreements import Agreement
from shared_view.areas import NO_AREAS, Areas, in_area
from shared_view.facts import Fact
from shared_view.kinds import CASE_ERASED
from shared_view.rules import Rules
from shared_view.view import AgendaEntry, agenda_entry, subject_views

ELIGIBLE = "meeting-subjects"
CaseRef = tuple[int, str, str]  # AgencyKind, agency_id, case_reference


class PastViews(ViewReader, Protocol):
    def facts_at(
        self, at: datetime, since: datetime, high_risk_level: int
    ) -> tuple[list[Fact], list[Agreement]]: ...


@dataclass(frozen=True)
class MeetingSubject:
    subject_key: str
    handle: str
    entry: AgendaEntry | None  # None: not eligible now
    cases: tuple[CaseRef, ...]  # the panel may be told of these, ascending

    @property
    def referring_agencies(self) -> tuple[str, ...]:
        """The agencies whose referral (on any ground) a reason names."""
        if self.entry is None:
            return ()
        found = (case[1] for reason in self.entry.reasons for case in reason.referred)
        return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class EligiblePage:
    subjects: list[MeetingSubject]
    next_page_token: str


class MeetingSubjects:
    def __init__(
        self,
        reader: PastViews,
        handles: Handles,
        rules: Rules,
        clock: Callable[[], datetime] = utc_now,
        areas: Areas = NO_AREAS,
    ) -> None:
        self._reader = reader
        self._handles = handles
        self._rules = rules
        self._clock = clock
        self._areas = areas

    def eligible(
        self, page_size: int, page_token: str, as_of: datetime | None = None, area: str = ""
    ) -> EligiblePage:
        """The subjects on the agenda now (or as of a past instant), of the area when
        one is given, as the panel may see them now, in the agenda's order."""
        problems = Violations()
        if as_of is not None and as_of > self._clock():
            problems.add("as_of", "must not be in the future")
        of_area = area_scope(problems, self._areas, area)
        scope = ELIGIBLE if as_of is None else f"{ELIGIBLE}:{as_of.isoformat()}"
        scope = scope if of_area is None else f"{scope}:{area}"
        after, size = agenda_page(problems, self._handles, scope, page_size, page_token)
        problems.raise_if_any()
        if as_of is None:
            entries = self._reader.agenda(after, size + 1, of_area)
        else:
            entries = [
                e
                for e in self._agenda_at(as_of)
                if (after is None or _past(e, after)) and in_area(e.districts, of_area)
            ]
            entries = entries[: size + 1]
        more, entries = len(entries) > size, entries[:size]
        now = self._clock()
        grants = self._reader.panel_grants([e.subject_key for e in entries], now)
        subjects = []
        for entry in entries:
            shown = shown_to_panel(entry, grants)
            if shown.reasons:
                cases = {case for reason in shown.reasons for case in reason.cases}
                subjects.append(self._subject(shown.subject_key, shown, cases))
        token = agenda_token(self._handles, scope, entries) if more else ""
        return EligiblePage(subjects, token)

    def _agenda_at(self, at: datetime) -> list[AgendaEntry]:
        """The agenda as the rules made it at `at`, in its order (computed whole for
        each page: asked only for an agenda closed late)."""
        since = at - self._rules.window
        facts, agreements = self._reader.facts_at(at, since, self._rules.high_risk_level)
        then = [f for f in facts if f.known_by(at) or f.kind.name == CASE_ERASED.name]
        views = subject_views(then, at, self._rules, agreements)
        entries = [e for e in map(agenda_entry, views.values()) if e is not None]
        return sorted(entries, key=_order)

    def by_handle(self, handle: str) -> MeetingSubject | None:
        problems = Violations()
        if not HANDLE.fullmatch(handle):
            problems.add("handle", "must be an agenda item's handle: 64 URL-safe base64 characters")
        problems.raise_if_any()
        subject_key = self._handles.subject_of(handle)
        return self._found(subject_key) if subject_key else None

    def by_case(self, agency_id: str, case_reference: str) -> MeetingSubject | None:
        problems = Violations()
        problems.require("case.agency_id", agency_id, 64)
        problems.reference("case.case_reference", case_reference)
        problems.raise_if_any()
        subject_key = self._reader.subject_of_case(agency_id, case_reference)
        return self._found(subject_key) if subject_key else None

    def _found(self, subject_key: str) -> MeetingSubject | None:
        """The subject as the panel may see it; None when it may be told of nothing."""
        now = self._clock()
        seen = self._reader.seen_by_panel(subject_key, now)
        grants = {(subject_key, c.agency_id, c.case_reference): g for c, g in seen if g}
        cases = {(c.agency, c.agency_id, c.case_reference) for c, g in seen if g}
        entry = self._reader.agenda_entry(subject_key)
        shown = shown_to_panel(entry, grants) if entry else None
        if shown is not None:
            cases |= {case for reason in shown.reasons for case in reason.referred}
        if not cases:
            return None
        return self._subject(subject_key, shown if shown and shown.reasons else None, cases)

    def _subject(
        self, subject_key: str, entry: AgendaEntry | None, cases: set[CaseRef]
    ) -> MeetingSubject:
        ordered = tuple(sorted(cases, key=lambda c: (c[1], c[2])))
        return MeetingSubject(subject_key, self._handles.of(subject_key), entry, ordered)


def _order(entry: AgendaEntry) -> tuple[int, int, str]:
    """The agenda's order: highest visible risk first, then most incidents."""
    return (-entry.highest_risk_level, -entry.incident_count, entry.subject_key)


def _past(entry: AgendaEntry, after: tuple[int, int, str]) -> bool:
    return _order(entry) > (-after[0], -after[1], after[2])
