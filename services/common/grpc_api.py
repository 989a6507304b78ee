"""The case kernel's gRPC API (marac.v1.AgencyCaseService), served by every agency."""

import grpc

from marac.v1 import agency_case_pb2 as pb
from marac.v1 import agency_case_pb2_grpc as pb_grpc
from services.common.case import Case, Consent
from services.common.commands import (
    AssessRisk,
    CloseCase,
    OpenCase,
    RecordConsent,
    RecordIncident,
    RecordOverride,
    ReferToMarac,
    RevokeOverride,
)
from services.common.contract import timestamp, to_proto
from services.common.grpc_requests import (
    Servicer,
    Unmappable,
    enum_or_zero,
    optional_moment,
    scopes_message,
    subject_from,
    subject_message,
)
from services.common.vocabulary import (
    AuthoriserRole,
    CaseOutcome,
    HateClassification,
    LawfulBasis,
    MaracReferralGround,
    Perceiver,
    RiskLevel,
    RiskTool,
    Strand,
)

Context = grpc.aio.ServicerContext


class AgencyCaseServicer(Servicer, pb_grpc.AgencyCaseServiceServicer):
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
        return pb.OpenCaseResponse(
            case_reference=opened.case_reference, subject_key=opened.subject_key
        )

    async def RecordIncident(self, request: pb.RecordIncidentRequest, context: Context):
        unmappable = Unmappable()
        command = RecordIncident(
            request_id=request.request_id,
            case_reference=request.case_reference,
            occurred_at=optional_moment(request, "occurred_at"),
            strands=unmappable.many(Strand, request.strands, "strands"),
            classification=unmappable.one(
                HateClassification, request.classification, "classification"
            ),
            perceived_by=unmappable.many(Perceiver, request.perceived_by, "perceived_by"),
            location_postcode=request.location_postcode,
            narrative=request.narrative,
            unknown_values=unmappable.values,
        )
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
            tool=unmappable.named(RiskTool, request.tool, "tool"),
            unknown_values=unmappable.values,
        )
        await self.answer(context, "AssessRisk", lambda: self.records.assess_risk(command))
        return pb.AssessRiskResponse()

    async def GetCase(self, request: pb.GetCaseRequest, context: Context):
        case: Case = await self.answer(
            context, "GetCase", lambda: self.records.get_case(request.case_reference)
        )
        return pb.GetCaseResponse(
            case_reference=case.case_reference,
            subject_key=case.subject_key,
            subject=subject_message(case.subject),
            incidents=[
                pb.Incident(
                    incident_id=incident_id,
                    occurred_at=timestamp(incident.occurred_at),
                    strands=[to_proto(s) for s in incident.strands],
                    classification=to_proto(incident.classification),
                    perceived_by=[to_proto(p) for p in incident.perceived_by],
                    location_postcode=incident.location_postcode,
                    narrative=incident.narrative,
                )
                for incident_id, incident in case.incidents.items()
            ],
            risk_level=enum_or_zero(case.risk_level),
            risk_tool=case.risk.tool.value if case.risk else "",
            consent=pb.Consent(
                scopes=scopes_message(case.consent.scopes),
                refused_recipients=[to_proto(r) for r in case.consent.refused],
            ),
            overrides=[
                pb.Override(
                    override_id=override_id,
                    basis=to_proto(o.basis),
                    scopes=scopes_message(o.scopes),
                    authoriser=o.authoriser,
                    authoriser_role=o.authoriser_role.value,
                    reason=o.reason,
                    expires_at=timestamp(o.expires_at),
                    revoked=o.revoked,
                )
                for override_id, o in case.overrides.items()
            ],
            closed=case.closed,
            outcome=enum_or_zero(case.closure.outcome if case.closure else None),
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
        return pb.RecordConsentResponse(change=to_proto(recorded.change))

    async def RecordOverride(self, request: pb.RecordOverrideRequest, context: Context):
        unmappable = Unmappable()
        command = RecordOverride(
            request_id=request.request_id,
            case_reference=request.case_reference,
            basis=unmappable.one(LawfulBasis, request.basis, "basis"),
            scopes=unmappable.scopes(request.scopes, "scopes"),
            authoriser=request.authoriser,
            authoriser_role=unmappable.named(
                AuthoriserRole, request.authoriser_role, "authoriser_role"
            ),
            reason=request.reason,
            expires_at=optional_moment(request, "expires_at"),
            unknown_values=unmappable.values,
        )
        recorded = await self.answer(
            context, "RecordOverride", lambda: self.records.record_override(command)
        )
        return pb.RecordOverrideResponse(override_id=recorded.override_id)

    async def RevokeOverride(self, request: pb.RevokeOverrideRequest, context: Context):
        command = RevokeOverride(
            request_id=request.request_id,
            case_reference=request.case_reference,
            override_id=request.override_id,
        )
        await self.answer(context, "RevokeOverride", lambda: self.records.revoke_override(command))
        return pb.RevokeOverrideResponse()

    async def CloseCase(self, request: pb.CloseCaseRequest, context: Context):
        unmappable = Unmappable()
        command = CloseCase(
            request_id=request.request_id,
            case_reference=request.case_reference,
            outcome=unmappable.one(CaseOutcome, request.outcome, "outcome"),
            satisfaction=request.satisfaction,
            unknown_values=unmappable.values,
        )
        await self.answer(context, "CloseCase", lambda: self.records.close_case(command))
        return pb.CloseCaseResponse()

    async def ReferToMarac(self, request: pb.ReferToMaracRequest, context: Context):
        unmappable = Unmappable()
        command = ReferToMarac(
            request_id=request.request_id,
            case_reference=request.case_reference,
            ground=unmappable.one(MaracReferralGround, request.ground, "ground"),
            reason=request.reason,
            unknown_values=unmappable.values,
        )
        await self.answer(context, "ReferToMarac", lambda: self.records.refer_to_marac(command))
        return pb.ReferToMaracResponse()
