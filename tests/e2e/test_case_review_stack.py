"""The ASB case review on the real stack: after the four agencies' scenario, and one
more incident that the landlord and the police both record, a partnership analyst is
shown the person with every agency named by its case, and the incident reported to
the two counted once."""

import time

from deploy.local import scenario
from deploy.local.scenario import ago, new_id
from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import (
    figures_pb2,
    figures_pb2_grpc,
    landlord_pb2,
    landlord_pb2_grpc,
    police_pb2,
    police_pb2_grpc,
)
from marac.v1 import vocabulary_pb2 as vocab
from services.common.principals import TEST_CLIENT
from services.identity.keys import KeyDirectory
from tests.e2e.canaries import CANARY_VICTIM
from tests.e2e.test_walking_skeleton import WAIT_SECONDS
from tests.people import Issuer, bearer


def analyst(stack):
    key = KeyDirectory(stack.people.key_dir).current()
    issuer = Issuer(keys=[(key.kid, key.private_key)])
    return bearer(issuer.token({"sub": "usr_analyst-1", "role": "analyst"}))


def the_same_night_to_the_landlord_and_the_police(stack, played) -> tuple[str, str]:
    refs = ("HSG-CR-" + new_id()[:8].upper(), "POL-CR-" + new_id()[:8].upper())
    with stack.agency_channel("social_landlord") as channel:
        landlord_pb2_grpc.LandlordServiceStub(channel).LogReport(
            landlord_pb2.LogReportRequest(
                request_id=new_id(), case_reference=refs[0], received_at=ago(9.5),
                channel=landlord_pb2.LANDLORD_REPORT_CHANNEL_PHONE,
                source=vocab.REPORT_SOURCE_VICTIM,
                category=landlord_pb2.LANDLORD_REPORT_CATEGORY_HARASSMENT_OR_INTIMIDATION,
                occurred_at=ago(10), classification=vocab.HATE_CLASSIFICATION_NOT_HATE_RELATED,
                location_postcode=CANARY_VICTIM.postcode, subject=played.subject,
                consent=case_pb.Consent(),
            )
        )  # fmt: skip
    with stack.agency_channel("police") as channel:
        police_pb2_grpc.PoliceServiceStub(channel).RecordCrime(
            police_pb2.RecordCrimeRequest(
                request_id=new_id(), case_reference=refs[1], subject=played.subject,
                consent=case_pb.Consent(), crime_reference=f"CRN-13/{refs[1][-6:]}/26",
                record_type=police_pb2.POLICE_RECORD_TYPE_CRIME,
                offence=police_pb2.OFFENCE_CATEGORY_HARASSMENT,
                source=vocab.REPORT_SOURCE_VICTIM, occurred_at=ago(10), hate_flag=False,
                location_postcode=CANARY_VICTIM.postcode,
            )
        )  # fmt: skip
    return refs


def test_a_person_complaining_to_every_agency_is_shown_for_case_review(stack):
    played = scenario.play(stack.agency_channel, CANARY_VICTIM)
    landlord_ref, police_ref = the_same_night_to_the_landlord_and_the_police(stack, played)
    theirs = {*played.case_references.values(), landlord_ref, police_ref}
    with stack.channel("figures", TEST_CLIENT) as channel:
        figures = figures_pb2_grpc.FiguresServiceStub(channel)
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            answer = figures.ListCaseReviews(
                figures_pb2.ListCaseReviewsRequest(), metadata=analyst(stack)
            )
            found = [
                reason
                for review in answer.reviews
                if not review.postcode_district
                for reason in review.reasons
                if theirs <= {r.case_reference for i in reason.incidents for r in i.reports}
            ]
            if found:
                break
            assert time.monotonic() < deadline, f"no case review yet: {len(answer.reviews)}"
            time.sleep(0.5)
    [reason] = found
    assert reason.rule == "repeated_complaints"
    agencies = {r.agency for i in reason.incidents for r in i.reports}
    assert agencies == {
        vocab.AGENCY_KIND_POLICE,
        vocab.AGENCY_KIND_SOCIAL_LANDLORD,
        vocab.AGENCY_KIND_VICTIM_SUPPORT,
        vocab.AGENCY_KIND_DDPO,
    }
    # Six reports, five incidents: the night reported to the landlord and the police is one.
    together = [
        {r.case_reference for r in i.reports} for i in reason.incidents if len(i.reports) > 1
    ]
    assert together == [{landlord_ref, police_ref}]
    assert len(reason.incidents) == 5
