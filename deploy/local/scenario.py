"""The cross-agency scenario that the demo and the end-to-end tests play: a disabled tenant is
verbally abused by a neighbour. Her landlord logs it as anti-social behaviour;
a DDPO takes a third-party report and records that she does not want the police
involved; victim support takes a referral; the police record an unrelated-looking
criminal damage at the same address, which she has not agreed to share."""

import random
import string
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import grpc

from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import agency_case_pb2_grpc as case_grpc
from marac.v1 import case_events_pb2 as events_pb
from marac.v1 import (
    ddpo_pb2,
    ddpo_pb2_grpc,
    landlord_pb2,
    landlord_pb2_grpc,
    police_pb2,
    police_pb2_grpc,
    victim_support_pb2,
    victim_support_pb2_grpc,
)
from marac.v1 import vocabulary_pb2 as vocab
from services.common.contract import timestamp


@dataclass(frozen=True)
class Victim:
    """Who the scenario is about, and what each agency writes down in its own words.
    The tests plant canary values here: none may appear outside the agencies' stores."""

    given_name: str = "Dina"
    family_name: str = "Okafor"
    date_of_birth: str = "1961-07-19"
    postcode: str = "L4 0TH"
    address: str = "Flat 7, 12 Example Road"
    narratives: tuple[tuple[str, str], ...] = (
        ("social_landlord", "Neighbour shouted about her wheelchair on the stairs."),
        ("ddpo", "Her friend says she is scared to go out; she does not want the police."),
        ("police", "Car window smashed outside the flat overnight."),
    )

    def narrative(self, agency: str) -> str:
        return dict(self.narratives)[agency]


@dataclass(frozen=True)
class Played:
    # Whom every agency's case names. No agency says which match key it derived
    # from it: whoever holds the linking key computes it (deploy.local.stack.match_key).
    subject: case_pb.SubjectIdentity
    case_references: dict[str, str]  # agency -> its own case reference


def scope(recipient: int, purpose: int) -> events_pb.ConsentScope:
    return events_pb.ConsentScope(recipient=recipient, purpose=purpose)


def subject(victim: Victim, tag: str) -> case_pb.SubjectIdentity:
    # Each play is about a person of her own (the tag), so plays never share a subject.
    return case_pb.SubjectIdentity(
        given_name=f"{victim.given_name}{tag}", family_name=victim.family_name,
        date_of_birth=victim.date_of_birth, postcode=victim.postcode,
    )  # fmt: skip


def ago(days: float):
    return timestamp(datetime.now(UTC) - timedelta(days=days))


def new_id() -> str:
    return str(uuid.uuid4())


def play(connect: Callable[[str], grpc.Channel], victim: Victim = Victim()) -> Played:
    tag = "".join(random.choices(string.ascii_uppercase, k=6))
    refs = {
        "social_landlord": f"HSG-{tag}",
        "ddpo": f"DDPO-{tag}",
        "victim_support": f"VS-{tag}",
        "police": f"POL-{tag}",
    }
    panel = scope(vocab.RECIPIENT_MARAC_PANEL, vocab.PURPOSE_MARAC_DISCUSSION)
    with connect("social_landlord") as channel:
        landlord_pb2_grpc.LandlordServiceStub(channel).LogReport(
            landlord_pb2.LogReportRequest(
                request_id=new_id(), case_reference=refs["social_landlord"], received_at=ago(0.2),
                channel=landlord_pb2.LANDLORD_REPORT_CHANNEL_PHONE,
                source=vocab.REPORT_SOURCE_VICTIM,
                category=landlord_pb2.LANDLORD_REPORT_CATEGORY_OTHER_ANTI_SOCIAL_BEHAVIOUR,
                occurred_at=ago(1), classification=vocab.HATE_CLASSIFICATION_NOT_HATE_RELATED,
                location_postcode=victim.postcode, location_address=victim.address,
                narrative=victim.narrative("social_landlord"), subject=subject(victim, tag),
                consent=case_pb.Consent(scopes=[panel, scope(
                    vocab.RECIPIENT_VICTIM_SUPPORT, vocab.PURPOSE_RISK_ASSESSMENT)]),
            )
        )  # fmt: skip
    with connect("ddpo") as channel:
        ddpo_pb2_grpc.DdpoServiceStub(channel).RecordReport(
            ddpo_pb2.RecordReportRequest(
                request_id=new_id(), case_reference=refs["ddpo"], subject=subject(victim, tag),
                source=vocab.REPORT_SOURCE_THIRD_PARTY,
                reporter_relationship=ddpo_pb2.REPORTER_RELATIONSHIP_FRIEND,
                police_involvement=ddpo_pb2.POLICE_INVOLVEMENT_NOT_WANTED,
                police_reluctance=[ddpo_pb2.POLICE_RELUCTANCE_POOR_PREVIOUS_EXPERIENCE],
                category=ddpo_pb2.DDPO_INCIDENT_CATEGORY_VERBAL_ABUSE, occurred_at=ago(1),
                strands=[vocab.STRAND_DISABILITY],
                classification=vocab.HATE_CLASSIFICATION_HATE_INCIDENT,
                perceived_by=[vocab.PERCEIVER_THIRD_PARTY, vocab.PERCEIVER_VICTIM],
                location_postcode=victim.postcode, narrative=victim.narrative("ddpo"),
                consent=case_pb.Consent(
                    scopes=[panel, scope(vocab.RECIPIENT_SOCIAL_LANDLORD,
                                         vocab.PURPOSE_RISK_ASSESSMENT)],
                    refused_recipients=[vocab.RECIPIENT_POLICE],
                ),
            )
        )  # fmt: skip
    with connect("victim_support") as channel:
        victim_support_pb2_grpc.VictimSupportServiceStub(channel).ReceiveReferral(
            victim_support_pb2.ReceiveReferralRequest(
                request_id=new_id(), case_reference=refs["victim_support"],
                subject=subject(victim, tag),
                referring_agency=vocab.AGENCY_KIND_DDPO, received_at=ago(0.5),
                consent=case_pb.Consent(scopes=[panel]),
            )
        )  # fmt: skip
        # What she told victim support about the abuse, in the kernel's words.
        case_grpc.AgencyCaseServiceStub(channel).RecordIncident(
            case_pb.RecordIncidentRequest(
                request_id=new_id(), case_reference=refs["victim_support"], occurred_at=ago(1),
                strands=[vocab.STRAND_DISABILITY],
                classification=vocab.HATE_CLASSIFICATION_HATE_INCIDENT,
                perceived_by=[vocab.PERCEIVER_VICTIM], location_postcode=victim.postcode,
            )
        )  # fmt: skip
    with connect("police") as channel:
        police_pb2_grpc.PoliceServiceStub(channel).RecordCrime(
            police_pb2.RecordCrimeRequest(
                request_id=new_id(), case_reference=refs["police"], subject=subject(victim, tag),
                consent=case_pb.Consent(), crime_reference=f"CRN-13/{tag}/26",
                record_type=police_pb2.POLICE_RECORD_TYPE_CRIME,
                offence=police_pb2.OFFENCE_CATEGORY_CRIMINAL_DAMAGE,
                source=vocab.REPORT_SOURCE_VICTIM, occurred_at=ago(3), hate_flag=False,
                location_postcode=victim.postcode, narrative=victim.narrative("police"),
            )
        )  # fmt: skip
    return Played(subject(victim, tag), refs)
