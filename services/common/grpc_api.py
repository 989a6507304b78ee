"""The case kernel's gRPC API (marac.v1.AgencyCaseService), served by every agency.

No response carries the subject's match key, although the answers it maps hold it:
the key leaves the service only on its agency's topic, so that a client cannot
link its subjects with another agency's (the deprecated subject_key fields stay empty).
Each call maps its request to a command or query, asks the agency's records, and
answers with the case's parts as services.common.case_messages writes them.
"""

from dataclasses import replace

import grpc

from marac.v1 import agency_case_pb2 as pb
from marac.v1 import agency_case_pb2_grpc as pb_grpc
from services.common.case import Case, Consent
from services.common.case_list import ListCases
from services.common.case_messages import (
    closure_message,
    incident_from,
    incident_message,
    meeting_action_message,
    override_message,
)
from services.common.commands import (
    AssessRisk,
    CloseCase,
    ListIncidents,
    ListOverrides,
    OpenCase,
    RecordConsent,
    RecordOverride,
    ReferToMarac,
    RevokeOverride,
    WithdrawConsent,
)
from services.common.contract import timestamp, to_proto
from services.common.erasure import EraseCase
from services.common.grpc_errors import Fields
from services.common.grpc_requests import (
    Servicer,
    Unmappable,
    consent_message,
    enum_or_zero,
    optional_moment,
    subject_from,
    subject_message,
)
from services.common.meeting_action_commands import CloseMeetingAction, ListMeetingActions
from services.common.meeting_actions import ReasonDoesNotFit, UnknownMeetingAction
from services.common.vocabulary import (
    ActionClosureReason,
    AuthoriserRole,
    CaseOutcome,
    CaseState,
    ErasureReason,
    LawfulBasis,
    MaracReferralGround,
    MeetingActionStatus,
    Recipient,
    RiskLevel,
    RiskTool,
)

Context = grpc.aio.ServicerContext
# The request field each rule about a meeting's action is about.
MEETING_ACTION_FIELDS: Fields = {UnknownMeetingAction: "action_id", ReasonDoesNotFit: "reason"}


class AgencyCaseServicer(Servicer, pb_grpc.AgencyCaseServiceServicer):
    def __init__(self, records, logger, fields: Fields) -> None:
        super().__init__(records, logger, {**MEETING_ACTION_FIELDS, **fields})

    async def OpenCase(self, request: pb.OpenCaseRequest, context: Context):
        unmappable = Unmappable()
        command = OpenCase(
            request_id=request.request_id,
            case_reference=request.case_reference,
            subject=subject_from(request),
            consent=unmappable.consent(request),
            unknown_values=unmappable.values,
        )
        opened = await self.answer(context, "OpenCase", lambda: self.records.open_case(command))
        return pb.OpenCaseResponse(case_reference=opened.case_reference)

    async def RecordIncident(self, request: pb.RecordIncidentRequest, context: Context):
        unmappable = Unmappable()
        incident = incident_from(request, unmappable)
        command = replace(incident, unknown_values=unmappable.values)
        recorded = await self.answer(
            context, "RecordIncident", lambda: self.records.record_incident(command)
        )
        return pb.RecordIncidentResponse(incident_id=recorded.incident_id)

    async def AssessRisk(self, request: pb.AssessRiskRequest, context: Context):
        unmappable = Unmappable()
        command = AssessRisk(
            request_id=request.request_id,
            case_reference=request.case_reference,
            level=unmappable.one(RiskLevel, request.level, "level"),
            tool=unmappable.either(
                RiskTool, request.assessment_tool, "assessment_tool", request.tool, "tool"
            ),
            unknown_values=unmappable.values,
        )
        assessed = await self.answer(
            context, "AssessRisk", lambda: self.records.assess_risk(command)
        )
        return pb.AssessRiskResponse(
            level=to_proto(assessed.level),
            assessment_tool=to_proto(assessed.tool),
            assessed_at=timestamp(assessed.assessed_at),
        )

    async def GetCase(self, request: pb.GetCaseRequest, context: Context):
        case: Case = await self.answer(
            context, "GetCase", lambda: self.records.get_case(request.case_reference)
        )
        # The first page of each list; the list's own query gives the rest.
        reference = case.case_reference
        incidents, more_incidents = ListIncidents(reference).first(list(case.incidents.items()))
        overrides, more_overrides = ListOverrides(reference).first(list(case.overrides.items()))
        actions = list(case.meeting_actions.values())
        meeting_actions, more_actions = ListMeetingActions(reference).first(actions)
        return pb.GetCaseResponse(
            case_reference=case.case_reference,
            subject=subject_message(case.subject),
            incidents=[incident_message(*item) for item in incidents],
            incidents_next_page_token=more_incidents,
            incident_count=len(case.incidents),
            risk_level=enum_or_zero(case.risk_level),
            risk_tool=case.risk.tool.value if case.risk else "",
            assessment_tool=enum_or_zero(case.risk.tool if case.risk else None),
            consent=consent_message(case.consent),
            overrides=[override_message(*item) for item in overrides],
            overrides_next_page_token=more_overrides,
            override_count=len(case.overrides),
            meeting_actions=[meeting_action_message(a) for a in meeting_actions],
            meeting_actions_next_page_token=more_actions,
            meeting_action_count=len(actions),
            closed=case.closed,
            outcome=enum_or_zero(case.closure.outcome if case.closure else None),
        )

    async def ListIncidents(self, request: pb.ListIncidentsRequest, context: Context):
        query = ListIncidents(request.case_reference, request.page_size, request.page_token)
        found = await self.answer(
            context, "ListIncidents", lambda: self.records.list_incidents(query)
        )
        return pb.ListIncidentsResponse(
            incidents=[incident_message(*item) for item in found.items],
            next_page_token=found.next_page_token,
        )

    async def ListOverrides(self, request: pb.ListOverridesRequest, context: Context):
        query = ListOverrides(request.case_reference, request.page_size, request.page_token)
        found = await self.answer(
            context, "ListOverrides", lambda: self.records.list_overrides(query)
        )
        return pb.ListOverridesResponse(
            overrides=[override_message(*item) for item in found.items],
            next_page_token=found.next_page_token,
        )

    async def RecordConsent(self, request: pb.RecordConsentRequest, context: Context):
        unmappable = Unmappable()
        command = RecordConsent(
            request_id=request.request_id,
            case_reference=request.case_reference,
            consent=unmappable.consent(request) or Consent(),
            unknown_values=unmappable.values,
        )
        recorded = await self.answer(
            context, "RecordConsent", lambda: self.records.record_consent(command)
        )
        return pb.RecordConsentResponse(
            change=to_proto(recorded.change), consent=consent_message(recorded.consent)
        )

    async def WithdrawConsent(self, request: pb.WithdrawConsentRequest, context: Context):
        unmappable = Unmappable()
        command = WithdrawConsent(
            request_id=request.request_id,
            case_reference=request.case_reference,
            refused=unmappable.many(Recipient, request.refused_recipients, "refused_recipients"),
            unknown_values=unmappable.values,
        )
        recorded = await self.answer(
            context,
            "WithdrawConsent",
            lambda: self.records.withdraw_consent(command),
            consent_at="",  # the request's refused_recipients are the consent's
        )
        return pb.WithdrawConsentResponse(
            change=to_proto(recorded.change), consent=consent_message(recorded.consent)
        )

    async def RecordOverride(self, request: pb.RecordOverrideRequest, context: Context):
        unmappable = Unmappable()
        command = RecordOverride(
            request_id=request.request_id,
            case_reference=request.case_reference,
            basis=unmappable.one(LawfulBasis, request.basis, "basis"),
            scopes=unmappable.scopes(request.scopes, "scopes"),
            authoriser=request.authoriser,
            authoriser_role=unmappable.either(
                AuthoriserRole,
                request.authorising_role,
                "authorising_role",
                request.authoriser_role,
                "authoriser_role",
            ),
            reason=request.reason,
            expires_at=optional_moment(request, "expires_at"),
            unknown_values=unmappable.values,
        )
        recorded = await self.answer(
            context, "RecordOverride", lambda: self.records.record_override(command)
        )
        return pb.RecordOverrideResponse(
            override_id=recorded.override_id, expires_at=timestamp(recorded.expires_at)
        )

    async def RevokeOverride(self, request: pb.RevokeOverrideRequest, context: Context):
        command = RevokeOverride(
            request_id=request.request_id,
            case_reference=request.case_reference,
            override_id=request.override_id,
        )
        revoked = await self.answer(
            context, "RevokeOverride", lambda: self.records.revoke_override(command)
        )
        return pb.RevokeOverrideResponse(
            override_id=revoked.override_id, revoked_at=timestamp(revoked.revoked_at)
        )

    async def CloseCase(self, request: pb.CloseCaseRequest, context: Context):
        unmappable = Unmappable()
        command = CloseCase(
            request_id=request.request_id,
            case_reference=request.case_reference,
            outcome=unmappable.one(CaseOutcome, request.outcome, "outcome"),
            satisfaction=request.satisfaction,
            unknown_values=unmappable.values,
        )
        closed = await self.answer(context, "CloseCase", lambda: self.records.close_case(command))
        return closure_message(closed, pb.CloseCaseResponse)

    async def EraseCase(self, request: pb.EraseCaseRequest, context: Context):
        unmappable = Unmappable()
        command = EraseCase(
            request_id=request.request_id,
            case_reference=request.case_reference,
            reason=unmappable.one(ErasureReason, request.reason, "reason"),
            unknown_values=unmappable.values,
        )
        erased = await self.answer(context, "EraseCase", lambda: self.records.erase_case(command))
        return pb.EraseCaseResponse(
            case_reference=erased.case_reference,
            reason=to_proto(erased.reason),
            erased_at=timestamp(erased.erased_at),
        )

    async def ReferToMarac(self, request: pb.ReferToMaracRequest, context: Context):
        unmappable = Unmappable()
        command = ReferToMarac(
            request_id=request.request_id,
            case_reference=request.case_reference,
            ground=unmappable.one(MaracReferralGround, request.ground, "ground"),
            reason=request.reason,
            unknown_values=unmappable.values,
        )
        referred = await self.answer(
            context, "ReferToMarac", lambda: self.records.refer_to_marac(command)
        )
        return pb.ReferToMaracResponse(
            ground=to_proto(referred.ground), referred_at=timestamp(referred.referred_at)
        )

    async def ListMeetingActions(self, request: pb.ListMeetingActionsRequest, context: Context):
        query = ListMeetingActions(request.case_reference, request.page_size, request.page_token)
        found = await self.answer(
            context, "ListMeetingActions", lambda: self.records.list_meeting_actions(query)
        )
        return pb.ListMeetingActionsResponse(
            meeting_actions=[meeting_action_message(a) for a in found.items],
            next_page_token=found.next_page_token,
        )

    async def CompleteMeetingAction(
        self, request: pb.CompleteMeetingActionRequest, context: Context
    ):
        command = CloseMeetingAction(
            request_id=request.request_id,
            case_reference=request.case_reference,
            action_id=request.action_id,
            status=MeetingActionStatus.DONE,
        )
        closed = await self.answer(
            context, "CompleteMeetingAction", lambda: self.records.close_meeting_action(command)
        )
        return pb.CompleteMeetingActionResponse(meeting_action=meeting_action_message(closed))

    async def CloseMeetingAction(self, request: pb.CloseMeetingActionRequest, context: Context):
        unmappable = Unmappable()
        command = CloseMeetingAction(
            request_id=request.request_id,
            case_reference=request.case_reference,
            action_id=request.action_id,
            status=unmappable.one(MeetingActionStatus, request.status, "status"),
            reason=unmappable.one(ActionClosureReason, request.reason, "reason"),
            unknown_values=unmappable.values,
        )
        closed = await self.answer(
            context, "CloseMeetingAction", lambda: self.records.close_meeting_action(command)
        )
        return pb.CloseMeetingActionResponse(meeting_action=meeting_action_message(closed))

    async def ListCases(self, request: pb.ListCasesRequest, context: Context):
        unmappable = Unmappable()
        query = ListCases(
            state=unmappable.one(CaseState, request.state, "state"),
            updated_after=optional_moment(request, "updated_after"),
            page_size=request.page_size,
            page_token=request.page_token,
            unknown_values=unmappable.values,
        )
        found = await self.answer(context, "ListCases", lambda: self.records.list_cases(query))
        return pb.ListCasesResponse(
            cases=[
                pb.CaseSummary(
                    case_reference=c.case_reference,
                    state=to_proto(c.state),
                    opened_at=timestamp(c.opened_at),
                    updated_at=timestamp(c.updated_at),
                )
                for c in found.cases
            ],
            next_page_token=found.next_page_token,
        )
