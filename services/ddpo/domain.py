"""The DDPO's case: hate crime advocacy for a Deaf or Disabled victim, or a
report that names no one.

A case opens with a report: the victim's own, a third party's (naming the
victim when the reporter can) or an anonymous one. A case that names no one
has no subject and an empty subject key; its incidents still count in hotspot
figures. For a named victim the case also holds their wish about police
involvement (honoured in every consent recorded), their access needs, the
support areas open, the advocacy time spent, and their place on the way to an
advocate: not started, waiting, active.

The waiting list is an aggregate of its own, one per DDPO, saved in the same
transaction as the case whose place on it changes: it keeps the order people
joined in, so the list reads in order without visiting every case.
"""

from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from services.common.case import Case
from services.common.vocabulary import Recipient
from services.ddpo.vocabulary import AdvocacyStatus, PoliceInvolvement

WAITING_LIST_NAMESPACE = uuid5(NAMESPACE_URL, "urn:marac-hub:ddpo-waiting-list")
POLICE = Recipient.POLICE.value


class DdpoCase(Case):
    @event("Opened")
    def __init__(
        self,
        agency_id: str,
        case_reference: str,
        subject: dict[str, str] | None,
        subject_key: str,
        request_id: str,
    ) -> None:
        super().__init__(agency_id, case_reference, subject, subject_key, request_id)
        # Who reported each incident: incident id -> reporter relationship ("" for the victim).
        self.reporters: dict[str, str] = {}
        # None until asked (a case opened with the kernel's OpenCase).
        self.police_involvement: str | None = None
        self.police_reluctance: list[str] = []
        self.access_needs: list[dict[str, Any]] = []
        self.open_support: list[str] = []
        self.advocacy = AdvocacyStatus.NOT_STARTED.value
        self.waiting_since: datetime | None = None
        self.advocacy_started_at: datetime | None = None
        self.advocacy_minutes = 0

    @property
    def named(self) -> bool:
        """False for a case that names no one: there is no one to advocate for."""
        return self.subject is not None

    @property
    def advocacy_status(self) -> AdvocacyStatus:
        if self.closed and self.advocacy == AdvocacyStatus.ACTIVE:
            return AdvocacyStatus.ENDED
        return AdvocacyStatus(self.advocacy)

    def honour_police_wish(
        self, scopes: list[list[str]], refused: list[str], involvement: str | None = None
    ) -> tuple[list[list[str]], list[str]]:
        """The consent to record while the victim's wish (`involvement`, or the one
        recorded) stands: a victim who does not want the police involved refuses
        them in every consent, and nothing is consented to them."""
        if (involvement or self.police_involvement) != PoliceInvolvement.NOT_WANTED:
            return scopes, refused
        return [s for s in scopes if s[0] != POLICE], sorted({*refused, POLICE})

    def consent_after_wish(self, involvement: str) -> tuple[list[list[str]], list[str]]:
        """The consent in force once the victim's new wish is recorded."""
        scopes, refused = self.consent_scopes, self.refused_recipients
        if involvement == PoliceInvolvement.WANTED:
            return scopes, [r for r in refused if r != POLICE]
        return self.honour_police_wish(scopes, refused, involvement)

    @event("ReportRecorded")
    def record_report(
        self,
        request_id: str,
        incident_id: str,
        occurred_at: datetime,
        strands: list[str],
        classification: str,
        perceived_by: list[str],
        location_postcode: str,
        narrative: str,
        source: str,
        category: str,
        reporter: str,
    ) -> None:
        # The kernel's view of the same incident, so GetCase shows it too.
        self.incidents[incident_id] = {
            "source": source,
            "category": category,
            "occurred_at": occurred_at,
            "strands": strands,
            "classification": classification,
            "perceived_by": perceived_by,
            "location_postcode": location_postcode,
            "narrative": narrative,
        }
        self.reporters[incident_id] = reporter
        self.handled_requests[request_id] = incident_id

    @event("PoliceWishRecorded")
    def record_police_wish(self, request_id: str, involvement: str, reluctance: list[str]) -> None:
        self.police_involvement = involvement
        self.police_reluctance = reluctance
        self.handled_requests[request_id] = ""

    @event("AccessNeedsRecorded")
    def record_access_needs(self, request_id: str, needs: list[dict[str, Any]]) -> None:
        """Replaces the access needs; each is {need, language, interpreter}."""
        self.access_needs = needs
        self.handled_requests[request_id] = ""

    @event("SupportChanged")
    def change_support(self, request_id: str, area: str, open: bool) -> None:
        others = [a for a in self.open_support if a != area]
        self.open_support = sorted([*others, area]) if open else others
        self.handled_requests[request_id] = ""

    @event("AdvocacyTimeRecorded")
    def record_advocacy_time(
        self, request_id: str, worked_on: str, minutes: int, area: str | None
    ) -> None:
        self.advocacy_minutes += minutes
        self.handled_requests[request_id] = str(self.advocacy_minutes)

    @event("JoinedWaitingList")
    def join_waiting_list(self, request_id: str, joined_at: datetime) -> None:
        self.advocacy = AdvocacyStatus.WAITING.value
        self.waiting_since = joined_at
        self.handled_requests[request_id] = ""

    @event("LeftWaitingList")
    def leave_waiting_list(self, request_id: str, reason: str) -> None:
        self.advocacy = AdvocacyStatus.NOT_STARTED.value
        self.waiting_since = None
        self.handled_requests[request_id] = ""

    @event("AdvocacyStarted")
    def start_advocacy(self, request_id: str, started_at: datetime) -> None:
        self.advocacy = AdvocacyStatus.ACTIVE.value
        self.waiting_since = None
        self.advocacy_started_at = started_at
        self.handled_requests[request_id] = ""


class WaitingList(Aggregate):
    """Everyone waiting for an advocate at one DDPO, in the order they joined."""

    @staticmethod
    def create_id(agency_id: str) -> UUID:
        return uuid5(WAITING_LIST_NAMESPACE, agency_id)

    @event("Opened")
    def __init__(self, agency_id: str) -> None:
        self.agency_id = agency_id
        # case reference -> {"joined_at", "position"}, in joining order.
        self.entries: dict[str, dict[str, Any]] = {}
        self.joined = 0

    @event("Joined")
    def join(self, case_reference: str, joined_at: datetime) -> None:
        self.joined += 1
        # A position is never reused, so a page token stays valid as people leave.
        self.entries[case_reference] = {"joined_at": joined_at, "position": self.joined}

    @event("Left")
    def leave(self, case_reference: str) -> None:
        del self.entries[case_reference]

    def place_of(self, case_reference: str) -> int:
        """1 for the longest waiting; 0 when not waiting."""
        for place, waiting in enumerate(self.entries, start=1):
            if waiting == case_reference:
                return place
        return 0
