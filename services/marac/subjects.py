"""RiskView's MeetingSubjectsService, called as the meeting service's principal: the
subjects an agenda is made of, and whose cases an action is addressed to."""

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

import grpc

from marac.v1 import meeting_subjects_pb2, meeting_subjects_pb2_grpc
from services.common.contract import from_proto, timestamp
from services.common.errors import Unavailable
from services.common.vocabulary import RiskLevel
from services.marac.ports import FoundSubject
from services.marac.values import AgendaSubject, OwnerCase
from services.riskview.grpc_api import RULES

T = TypeVar("T")
RULE_NAMES = {number: name for name, number in RULES.items()}
CALL_SECONDS = 10.0
# The agenda as of a past cut-off is computed again from the facts: allow it longer.
PAST_CALL_SECONDS = 120.0
PAGE = 200


class RiskViewUnavailable(Unavailable):
    def __init__(self) -> None:
        super().__init__("the shared risk view cannot be reached now; retry")


class RiskViewSubjects:
    def __init__(self, channel: grpc.Channel, timeout: float = CALL_SECONDS) -> None:
        self._stub = meeting_subjects_pb2_grpc.MeetingSubjectsServiceStub(channel)
        self._timeout = timeout

    def eligible(self, as_of: datetime | None = None, area: str = "") -> list[AgendaSubject]:
        found: list[AgendaSubject] = []
        token = ""
        timeout = self._timeout if as_of is None else max(self._timeout, PAST_CALL_SECONDS)
        while True:
            request = meeting_subjects_pb2.ListEligibleSubjectsRequest(
                page_size=PAGE,
                page_token=token,
                as_of=timestamp(as_of) if as_of is not None else None,
                area=area,
            )
            page = self._call(lambda r=request: self._stub.ListEligibleSubjects(r, timeout=timeout))
            found += [agenda_subject(s) for s in page.subjects]
            token = page.next_page_token
            if not token:
                return found

    def by_handle(self, handle: str) -> FoundSubject | None:
        return self._find(meeting_subjects_pb2.FindSubjectRequest(handle=handle))

    def by_case(self, agency_id: str, case_reference: str) -> FoundSubject | None:
        case = meeting_subjects_pb2.CaseRef(agency_id=agency_id, case_reference=case_reference)
        return self._find(meeting_subjects_pb2.FindSubjectRequest(case=case))

    def _find(self, request: meeting_subjects_pb2.FindSubjectRequest) -> FoundSubject | None:
        try:
            found = self._stub.FindSubject(request, timeout=self._timeout).subject
        except grpc.RpcError as error:
            if error.code() in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT):
                return None
            raise RiskViewUnavailable() from None
        cases = tuple(OwnerCase(c.agency_id, c.agency, c.case_reference) for c in found.cases)
        return FoundSubject(agenda_subject(found), cases)

    def _call(self, call: Callable[[], T]) -> T:
        try:
            return call()
        except grpc.RpcError:
            raise RiskViewUnavailable() from None


def agenda_subject(subject: meeting_subjects_pb2.MeetingSubject) -> AgendaSubject:
    rules = tuple(RULE_NAMES[r.rule] for r in subject.reasons if r.rule in RULE_NAMES)
    referring = tuple(subject.referring_agency_ids)
    return AgendaSubject(
        subject.subject_key,
        subject.handle,
        rules,
        _risk_level(subject.highest_risk_level),
        subject.incident_count,
        referring,
    )


def _risk_level(number: int) -> RiskLevel | None:
    try:
        return from_proto(RiskLevel, number)
    except ValueError:
        return None
