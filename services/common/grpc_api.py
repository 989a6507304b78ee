"""The case kernel's gRPC API (marac.v1.AgencyCaseService), served by every agency."""

import logging

import grpc

from marac.v1 import agency_case_pb2 as pb
from marac.v1 import agency_case_pb2_grpc as pb_grpc
from marac.v1 import case_events_pb2
from services.common.application import CaseRecords
from services.common.commands import (
    AssessRisk,
    CloseCase,
    Consent,
    OpenCase,
    RecordConsent,
    RecordIncident,
    RecordOverride,
    ReferToMarac,
    RevokeOverride,
    Subject,
)
from services.common.contract import from_proto, moment, timestamp, to_proto
from services.common.grpc_server import answer
from services.common.vocabulary import (
    CaseOutcome,
    ConsentChange,
    HateClassification,
    LawfulBasis,
    MaracReferralGround,
    Perceiver,
    Purpose,
    Recipient,
    RiskLevel,
    Strand,
)


class Unmappable:
    """Collects enum values a request gives that the contract does not define."""

    def __init__(self) -> None:
        self.found: list[tuple[str, str]] = []

    def one(self, domain, number: int, path: str):
        try:
            return from_proto(domain, number)
        except ValueError:
            self.found.append((path, f"is not a known {domain.__name__}"))
            return None

    def many(self, domain, numbers, path: str) -> tuple:
        members = []
        for index, number in enumerate(numbers):
            member = self.one(domain, number, f"{path}[{index}]")
            if member is None and number == 0:
                self.found.append((f"{path}[{index}]", "must not be unspecified"))
            elif member is not None:
                members.append(member)
        return tuple(members)

    def scopes(self, scopes, path: str) -> tuple[tuple[Recipient, Purpose], ...]:
        found = []
        for index, scope in enumerate(scopes):
            recipient = self.one(Recipient, scope.recipient, f"{path}[{index}].recipient")
            purpose = self.one(Purpose, scope.purpose, f"{path}[{index}].purpose")
            if scope.recipient == 0:
                self.found.append((f"{path}[{index}].recipient", "is required"))
            if scope.purpose == 0:
                self.found.append((f"{path}[{index}].purpose", "is required"))
            if recipient is not None and purpose is not None:
                found.append((recipient, purpose))
        return tuple(found)

    def consent(self, consent: pb.Consent, path: str) -> Consent:
        return Consent(
            scopes=self.scopes(consent.scopes, f"{path}.scopes"),
            refused=self.many(Recipient, consent.refused_recipients, f"{path}.refused_recipients"),
        )


def subject_from(request) -> Subject | None:
    if not request.HasField("subject"):
        return None
    subject = request.subject
    return Subject(
        given_name=subject.given_name,
        family_name=subject.family_name,
        date_of_birth=subject.date_of_birth,
        postcode=subject.postcode,
    )


def scopes_message(scopes: list[list[str]]) -> list[case_events_pb2.ConsentScope]:
    return [
        case_events_pb2.ConsentScope(
            recipient=to_proto(Recipient(recipient)), purpose=to_proto(Purpose(purpose))
        )
        for recipient, purpose in scopes
    ]


class AgencyCaseServicer(pb_grpc.AgencyCaseServiceServicer):
    def __init__(self, records: CaseRecords, logger: logging.Logger) -> None:
        self.records = records
        self.logger = logger

    async def OpenCase(self, request: pb.OpenCaseRequest, context: grpc.aio.ServicerContext):
        unmappable = Unmappable()
        command = OpenCase(
            request_id=request.request_id,
            case_reference=request.case_reference,
            subject=subject_from(request),
            consent=unmappable.consent(request.consent, "consent")
            if request.HasField("consent")
            else None,
            unknown_values=tuple(unmappable.found),
        )
        key = await answer(
            context, lambda: self.records.open_case(command), self.logger, "OpenCase"
        )
        return pb.OpenCaseResponse(case_reference=request.case_reference, subject_key=key)

    async def RecordIncident(
        self, request: pb.RecordIncidentRequest, context: grpc.aio.ServicerContext
    ):
        unmappable = Unmappable()
        command = RecordIncident(
            request_id=request.request_id,
            case_reference=request.case_reference,
            occurred_at=moment(request.occurred_at) if request.HasField("occurred_at") else None,
            strands=unmappable.many(Strand, request.strands, "strands"),
            classification=unmappable.one(
                HateClassification, request.classification, "classification"
            ),
            perceived_by=unmappable.many(Perceiver, request.perceived_by, "perceived_by"),
            location_postcode=request.location_postcode,
            narrative=request.narrative,
            unknown_values=tuple(unmappable.found),
        )
        incident_id = await answer(
            context, lambda: self.records.record_incident(command), self.logger, "RecordIncident"
        )
        return pb.RecordIncidentResponse(incident_id=incident_id)

    async def AssessRisk(self, request: pb.AssessRiskRequest, context: grpc.aio.ServicerContext):
        unmappable = Unmappable()
        command = AssessRisk(
            request_id=request.request_id,
            case_reference=request.case_reference,
            level=unmappable.one(RiskLevel, request.level, "level"),
            tool=request.tool,
            unknown_values=tuple(unmappable.found),
        )
        await answer(context, lambda: self.records.assess_risk(command), self.logger, "AssessRisk")
        return pb.AssessRiskResponse()

    async def GetCase(self, request: pb.GetCaseRequest, context: grpc.aio.ServicerContext):
        case = await answer(
            context, lambda: self.records.get_case(request.case_reference), self.logger, "GetCase"
        )
        return pb.GetCaseResponse(
            case_reference=case.case_reference,
            subject_key=case.subject_key,
            subject=pb.SubjectIdentity(**case.subject) if case.subject else None,
            incidents=[
                pb.Incident(
                    incident_id=incident_id,
                    occurred_at=timestamp(incident["occurred_at"]),
                    strands=[to_proto(Strand(s)) for s in incident["strands"]],
                    classification=to_proto(HateClassification(incident["classification"])),
                    perceived_by=[to_proto(Perceiver(p)) for p in incident["perceived_by"]],
                    location_postcode=incident["location_postcode"],
                    narrative=incident["narrative"],
                )
                for incident_id, incident in case.incidents.items()
            ],
            risk_level=to_proto(RiskLevel(case.risk_level)) if case.risk_level else 0,
            risk_tool=case.risk_tool or "",
            consent=pb.Consent(
                scopes=scopes_message(case.consent_scopes),
                refused_recipients=[to_proto(Recipient(r)) for r in case.refused_recipients],
            ),
            overrides=[
                pb.Override(
                    override_id=override_id,
                    basis=to_proto(LawfulBasis(o["basis"])),
                    scopes=scopes_message(o["scopes"]),
                    authoriser=o["authoriser"],
                    authoriser_role=o["authoriser_role"],
                    reason=o["reason"],
                    expires_at=timestamp(o["expires_at"]),
                    revoked=o["revoked"],
                )
                for override_id, o in case.overrides.items()
            ],
            closed=case.closed,
            outcome=to_proto(CaseOutcome(case.outcome)) if case.outcome else 0,
        )

    async def RecordConsent(
        self, request: pb.RecordConsentRequest, context: grpc.aio.ServicerContext
    ):
        unmappable = Unmappable()
        command = RecordConsent(
            request_id=request.request_id,
            case_reference=request.case_reference,
            consent=unmappable.consent(request.consent, "consent"),
            unknown_values=tuple(unmappable.found),
        )
        change = await answer(
            context, lambda: self.records.record_consent(command), self.logger, "RecordConsent"
        )
        return pb.RecordConsentResponse(change=to_proto(ConsentChange(change)))

    async def RecordOverride(
        self, request: pb.RecordOverrideRequest, context: grpc.aio.ServicerContext
    ):
        unmappable = Unmappable()
        command = RecordOverride(
            request_id=request.request_id,
            case_reference=request.case_reference,
            basis=unmappable.one(LawfulBasis, request.basis, "basis"),
            scopes=unmappable.scopes(request.scopes, "scopes"),
            authoriser=request.authoriser,
            authoriser_role=request.authoriser_role,
            reason=request.reason,
            expires_at=moment(request.expires_at) if request.HasField("expires_at") else None,
            unknown_values=tuple(unmappable.found),
        )
        override_id = await answer(
            context, lambda: self.records.record_override(command), self.logger, "RecordOverride"
        )
        return pb.RecordOverrideResponse(override_id=override_id)

    async def RevokeOverride(
        self, request: pb.RevokeOverrideRequest, context: grpc.aio.ServicerContext
    ):
        command = RevokeOverride(
            request_id=request.request_id,
            case_reference=request.case_reference,
            override_id=request.override_id,
        )
        await answer(
            context, lambda: self.records.revoke_override(command), self.logger, "RevokeOverride"
        )
        return pb.RevokeOverrideResponse()

    async def CloseCase(self, request: pb.CloseCaseRequest, context: grpc.aio.ServicerContext):
        unmappable = Unmappable()
        command = CloseCase(
            request_id=request.request_id,
            case_reference=request.case_reference,
            outcome=unmappable.one(CaseOutcome, request.outcome, "outcome"),
            satisfaction=request.satisfaction,
            unknown_values=tuple(unmappable.found),
        )
        await answer(context, lambda: self.records.close_case(command), self.logger, "CloseCase")
        return pb.CloseCaseResponse()

    async def ReferToMarac(
        self, request: pb.ReferToMaracRequest, context: grpc.aio.ServicerContext
    ):
        unmappable = Unmappable()
        command = ReferToMarac(
            request_id=request.request_id,
            case_reference=request.case_reference,
            ground=unmappable.one(MaracReferralGround, request.ground, "ground"),
            reason=request.reason,
            unknown_values=tuple(unmappable.found),
        )
        await answer(
            context, lambda: self.records.refer_to_marac(command), self.logger, "ReferToMarac"
        )
        return pb.ReferToMaracResponse()
