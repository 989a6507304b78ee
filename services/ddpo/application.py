"""The DDPO's case records: the kernel's commands, reports (named, third-party
or anonymous) with the consent given with each, the victim's wish about police
involvement, access needs, support areas, advocacy time and the waiting list.

The victim's wish not to involve the police is honoured in every consent the
case records, whichever command records it (a report, the kernel's
RecordConsent, a changed wish): the police are refused and nothing is consented
to them, so the consent-aware projection never shows the case to the police
without a recorded lawful-basis override.
"""

import contextlib
from dataclasses import dataclass
from datetime import datetime
from uuid import uuid4

from eventsourcing.application import AggregateNotFoundError

from services.common.application import CaseRecords
from services.common.case import Case
from services.common.commands import CloseCase, RecordConsent, RecordIncident, ReferToMarac
from services.common.errors import FailedPrecondition, NotFound
from services.common.validation import FieldViolation, InvalidRequest, Violations
from services.common.vocabulary import AgencyKind, ReportSource
from services.ddpo.commands import (
    ChangeSupport,
    JoinWaitingList,
    LeaveWaitingList,
    RecordAccessNeeds,
    RecordAdvocacyTime,
    RecordPoliceWish,
    RecordReport,
    StartAdvocacy,
    consent_agrees_with_wish,
)
from services.ddpo.domain import DdpoCase, WaitingList
from services.ddpo.paging import ListWaitingList, encode_token
from services.ddpo.vocabulary import EXIT_CASE_CLOSED, AdvocacyStatus


@dataclass(frozen=True)
class ReportAccepted:
    incident_id: str
    subject_key: str  # empty for a case that names no one


@dataclass(frozen=True)
class WaitingPlace:
    joined_at: datetime | None
    place: int  # 0 once no longer waiting


@dataclass(frozen=True)
class WaitingEntry:
    case_reference: str
    joined_at: datetime
    place: int
    risk_level: int | None
    access_needs: list[str]


@dataclass(frozen=True)
class WaitingListPage:
    entries: list[WaitingEntry]
    total_waiting: int
    next_page_token: str  # empty on the last page


def unique(values) -> list[str]:
    return list(dict.fromkeys(v.value for v in values))


def require_named(case: DdpoCase) -> None:
    if not case.named:
        raise InvalidRequest(
            [
                FieldViolation(
                    "case_reference",
                    "names no one (an anonymous or unnamed report): there is no one to "
                    "advocate for",
                )
            ]
        )


class DdpoCaseRecords(CaseRecords):
    name = "ddpo"
    agency_kind = AgencyKind.DDPO
    case_class = DdpoCase

    def __init__(self, env=None) -> None:
        super().__init__(env)
        self._waiting_list = self._load_waiting_list()

    # The waiting list changes only in the writer thread, beside the case whose
    # place on it changes; saving it with every group keeps both in one transaction.

    def save(self, *objs, **kwargs):
        try:
            return super().save(*objs, self._waiting_list, **kwargs)
        except Exception:
            # What the failed group changed in memory was not saved: start again
            # from the store, as the kernel does with the group's cases.
            self._waiting_list = self._load_waiting_list()
            raise

    def _load_waiting_list(self) -> WaitingList:
        list_id = WaitingList.create_id(self.agency_id)
        if self.repository.cache is not None:
            with contextlib.suppress(KeyError):
                self.repository.cache.get(list_id, evict=True)
        try:
            return self.repository.get(list_id)
        except AggregateNotFoundError:
            return WaitingList(agency_id=self.agency_id)

    # Reports

    def record_report(self, command: RecordReport) -> ReportAccepted:
        """Records a report with its consent, opening the case if it is new."""
        command.validate(self.now())
        assert command.consent is not None and command.source is not None
        identity = command.subject.as_record() if command.subject else None
        key = self.subject_key_of(identity) if identity else ""
        answer: dict[str, str] = {}

        def change(case: Case | None) -> tuple[Case | None, str]:
            if case is None:
                self._check_opening(command)
                case = DdpoCase(
                    agency_id=self.agency_id,
                    case_reference=command.case_reference,
                    subject=identity,
                    subject_key=key,
                    request_id=f"{command.request_id}/open",
                )
            elif (done := case.outcome_of(command.request_id)) is not None:
                answer["subject_key"] = case.subject_key
                return None, done
            elif case.closed:
                raise FailedPrecondition(f"case {command.case_reference} is closed")
            else:
                assert isinstance(case, DdpoCase)
                self._check_adding(case, command, key)
            assert isinstance(case, DdpoCase)
            wish = command.police_involvement
            consent_agrees_with_wish(command.consent, wish or case.police_involvement)
            # The wish and the consent go first, so on the topic the refusal of the
            # police always comes before the incident it covers.
            if wish is not None:
                case.record_police_wish(
                    request_id=f"{command.request_id}/police-wish",
                    involvement=wish.value,
                    reluctance=unique(command.police_reluctance),
                )
            scopes, refused = case.honour_police_wish(*command.consent.as_record())
            case.record_consent(
                request_id=f"{command.request_id}/consent",
                scopes=scopes,
                refused=refused,
                change=case.consent_change(scopes),
            )
            incident_id = str(uuid4())
            case.record_report(
                request_id=command.request_id,
                incident_id=incident_id,
                occurred_at=command.occurred_at,
                strands=unique(command.strands),
                classification=command.classification.value,
                perceived_by=unique(command.perceived_by),
                location_postcode=command.location_postcode.strip().upper(),
                narrative=command.narrative,
                source=command.source.value,
                category=command.category.value,
                reporter=command.reporter.value if command.reporter else "",
            )
            answer["subject_key"] = case.subject_key
            return case, incident_id

        incident_id = self.submit_change(command.case_reference, change)
        return ReportAccepted(incident_id, answer["subject_key"])

    def record_incident(self, command: RecordIncident) -> str:
        """The kernel's RecordIncident records the victim's own report, so only on a
        case that names them; a case that names no one takes RecordReport."""
        command.validate(self.now())
        # Who a case names never changes, so reading it first is no race.
        case = self.get_case(command.case_reference)
        assert isinstance(case, DdpoCase)
        require_named(case)
        return super().record_incident(command)

    @staticmethod
    def _check_opening(command: RecordReport) -> None:
        v = Violations()
        if command.subject is None and command.source == ReportSource.VICTIM:
            v.add("subject", "is required to open a case with the victim's own report")
        if command.police_involvement is None:
            v.add("police_involvement", "is required when a report opens a case")
        v.raise_if_any()

    @staticmethod
    def _check_adding(case: DdpoCase, command: RecordReport, key: str) -> None:
        v = Violations()
        if command.subject is not None and not case.named:
            v.add("subject", "this case names no one; a report naming the victim opens a new case")
        if command.source == ReportSource.VICTIM and not case.named:
            v.add("source", "the victim's own report needs a case that names them")
        v.raise_if_any()
        if key and key != case.subject_key:
            raise FailedPrecondition(f"case {case.case_reference} is about another subject")

    # Police involvement and consent

    def record_police_wish(self, command: RecordPoliceWish) -> str:
        """Records the victim's wish; returns how the consent in force changed ("" if not)."""
        command.validate()
        involvement = command.police_involvement.value

        def record(case: Case) -> str:
            assert isinstance(case, DdpoCase)
            scopes, refused = case.consent_after_wish(involvement)
            changed = (scopes, refused) != (case.consent_scopes, case.refused_recipients)
            # The request's outcome is the consent change when there is one.
            case.record_police_wish(
                request_id=f"{command.request_id}/police-wish" if changed else command.request_id,
                involvement=involvement,
                reluctance=unique(command.police_reluctance),
            )
            if not changed:
                return ""
            change = case.consent_change(scopes)
            case.record_consent(
                request_id=command.request_id, scopes=scopes, refused=refused, change=change
            )
            return change

        # Like consent, the wish may change after the case closed.
        return self.change_case(
            command.case_reference, command.request_id, record, when_closed=True
        )

    def record_consent(self, command: RecordConsent) -> str:
        """The kernel's RecordConsent, honouring the victim's wish about the police."""
        command.validate()

        def record(case: Case) -> str:
            assert isinstance(case, DdpoCase)
            consent_agrees_with_wish(command.consent, case.police_involvement)
            scopes, refused = case.honour_police_wish(*command.consent.as_record())
            change = case.consent_change(scopes)
            case.record_consent(
                request_id=command.request_id, scopes=scopes, refused=refused, change=change
            )
            return change

        return self.change_case(
            command.case_reference, command.request_id, record, when_closed=True
        )

    # Advocacy

    def record_access_needs(self, command: RecordAccessNeeds) -> None:
        command.validate()
        needs = [arrangement.as_record() for arrangement in command.access_needs]

        def record(case: Case) -> str:
            assert isinstance(case, DdpoCase)
            require_named(case)
            case.record_access_needs(request_id=command.request_id, needs=needs)
            return ""

        self.change_case(command.case_reference, command.request_id, record)

    def change_support(self, command: ChangeSupport) -> None:
        command.validate()
        area = command.area.value

        def change(case: Case) -> str:
            assert isinstance(case, DdpoCase)
            require_named(case)
            # Opening what is open (or ending what is not) records nothing.
            if (area in case.open_support) != command.open:
                case.change_support(request_id=command.request_id, area=area, open=command.open)
            return ""

        self.change_case(command.case_reference, command.request_id, change)

    def record_advocacy_time(self, command: RecordAdvocacyTime) -> int:
        """Records advocacy time; returns all the time recorded on the case, in minutes."""
        command.validate(self.now())

        def record(case: Case) -> str:
            assert isinstance(case, DdpoCase)
            require_named(case)
            case.record_advocacy_time(
                request_id=command.request_id,
                worked_on=command.worked_on,
                minutes=command.minutes,
                area=command.area.value if command.area else None,
            )
            return str(case.advocacy_minutes)

        return int(self.change_case(command.case_reference, command.request_id, record))

    # The waiting list

    def join_waiting_list(self, command: JoinWaitingList) -> WaitingPlace:
        command.validate()

        def join(case: Case) -> str:
            assert isinstance(case, DdpoCase)
            require_named(case)
            if case.advocacy == AdvocacyStatus.WAITING:
                raise FailedPrecondition(
                    f"case {command.case_reference} is already on the waiting list"
                )
            if case.advocacy == AdvocacyStatus.ACTIVE:
                raise FailedPrecondition(
                    f"advocacy on case {command.case_reference} has already started"
                )
            joined_at = self.now()
            case.join_waiting_list(request_id=command.request_id, joined_at=joined_at)
            self._waiting_list.join(case_reference=command.case_reference, joined_at=joined_at)
            return ""

        self.change_case(command.case_reference, command.request_id, join)
        with self.writing:
            entry = self._waiting_list.entries.get(command.case_reference)
            place = self._waiting_list.place_of(command.case_reference)
        return WaitingPlace(entry["joined_at"] if entry else None, place)

    def leave_waiting_list(self, command: LeaveWaitingList) -> None:
        command.validate()

        def leave(case: Case) -> str:
            assert isinstance(case, DdpoCase)
            if case.advocacy != AdvocacyStatus.WAITING:
                raise NotFound(f"case {command.case_reference} is not on the waiting list")
            case.leave_waiting_list(request_id=command.request_id, reason=command.reason.value)
            self._waiting_list.leave(case_reference=command.case_reference)
            return ""

        self.change_case(command.case_reference, command.request_id, leave)

    def start_advocacy(self, command: StartAdvocacy) -> None:
        """An advocate takes the case, from the waiting list or straight away."""
        command.validate()

        def start(case: Case) -> str:
            assert isinstance(case, DdpoCase)
            require_named(case)
            if case.advocacy == AdvocacyStatus.ACTIVE:
                raise FailedPrecondition(
                    f"advocacy on case {command.case_reference} has already started"
                )
            if case.advocacy == AdvocacyStatus.WAITING:
                self._waiting_list.leave(case_reference=command.case_reference)
            case.start_advocacy(request_id=command.request_id, started_at=self.now())
            return ""

        self.change_case(command.case_reference, command.request_id, start)

    def close_case(self, command: CloseCase) -> None:
        """The kernel's CloseCase; a closed case leaves the waiting list."""
        command.validate()

        def close(case: Case) -> str:
            assert isinstance(case, DdpoCase)
            if case.advocacy == AdvocacyStatus.WAITING:
                case.leave_waiting_list(
                    request_id=f"{command.request_id}/waiting-list", reason=EXIT_CASE_CLOSED
                )
                self._waiting_list.leave(case_reference=command.case_reference)
            case.close(
                request_id=command.request_id,
                outcome=command.outcome.value,
                satisfaction=command.satisfaction,
                closed_at=self.now(),
            )
            return ""

        self.change_case(command.case_reference, command.request_id, close)

    def refer_to_marac(self, command: ReferToMarac) -> None:
        """The kernel's ReferToMarac: MARAC discusses people, so a case must name one."""
        command.validate()

        def refer(case: Case) -> str:
            assert isinstance(case, DdpoCase)
            require_named(case)
            case.refer_to_marac(
                request_id=command.request_id, ground=command.ground.value, reason=command.reason
            )
            return ""

        self.change_case(command.case_reference, command.request_id, refer)

    # Queries

    def waiting_list(self, query: ListWaitingList) -> WaitingListPage:
        after, size = query.validate()
        with self.writing:
            waiting = list(self._waiting_list.entries.items())
        later = [
            (place, reference, entry)
            for place, (reference, entry) in enumerate(waiting, start=1)
            if entry["position"] > after
        ]
        shown = later[:size]
        next_token = encode_token(shown[-1][2]["position"]) if len(later) > size else ""
        entries = []
        for place, reference, entry in shown:
            case = self.get_case(reference)
            assert isinstance(case, DdpoCase)
            entries.append(
                WaitingEntry(
                    case_reference=reference,
                    joined_at=entry["joined_at"],
                    place=place,
                    risk_level=case.risk_level,
                    access_needs=[n["need"] for n in case.access_needs],
                )
            )
        return WaitingListPage(entries, len(waiting), next_token)
