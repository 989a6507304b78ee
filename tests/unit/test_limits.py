"""Every repeated field of a request has a maximum that fits legitimate use: a list
of values from a closed list names each value at most once, so it is never longer
than the list (a repeat within it is folded). A longer one is refused naming the
field, nothing is recorded, and the entrypoint maps no more of it than the refusal
needs."""

import time
from datetime import UTC, datetime, timedelta

import pytest

from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import case_events_pb2 as events_pb
from marac.v1 import ddpo_pb2 as ddpo_pb
from marac.v1 import vocabulary_pb2
from services.common import commands as kernel
from services.common.case import Consent, Subject
from services.common.commands import (
    CloseCase,
    OpenCase,
    RecordConsent,
    RecordIncident,
    RecordOverride,
    WithdrawConsent,
)
from services.common.grpc_limits import MAX_REQUEST_BYTES
from services.common.grpc_requests import MAPPED_AT_MOST, Unmappable
from services.common.validation import InvalidRequest
from services.common.vocabulary import (
    AuthoriserRole,
    CaseOutcome,
    HateClassification,
    LawfulBasis,
    Perceiver,
    Purpose,
    Recipient,
    Strand,
    SupportArea,
)
from services.ddpo import commands as ddpo
from services.ddpo.vocabulary import AccessNeed, PoliceInvolvement, PoliceReluctance
from services.police import commands as police
from services.social_landlord import commands as landlord
from services.social_landlord.vocabulary import LandlordCommunicationNeed, LandlordContactMethod
from services.victim_support import commands as victim_support

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
EVERY_SCOPE = tuple((r, p) for r in Recipient for p in Purpose)


def refused_fields(command, *args) -> set[str]:
    """The fields a command's validation names (none when it passes)."""
    try:
        command.validate(*args) if args else command.validate(NOW)
    except InvalidRequest as error:
        return {v.field for v in error.violations}
    return set()


def incident(strands=(Strand.RACE,), perceived_by=(Perceiver.VICTIM,)) -> RecordIncident:
    return RecordIncident(
        "R-1", "C-1", NOW - timedelta(days=1), strands, HateClassification.HATE_INCIDENT,
        perceived_by,
    )  # fmt: skip


def crime(strands, perceived_by=(Perceiver.VICTIM,)) -> police.RecordCrime:
    return police.RecordCrime(
        "R-1", "C-1", None, Consent(), "CRN-1", None, None, None, NOW, True, strands, perceived_by
    )


def agreement(methods, needs=()) -> landlord.AgreeCommunicationAgreement:
    return landlord.AgreeCommunicationAgreement(
        "R-1", "C-1", landlord.CommunicationAgreement(methods, 7, needs)
    )


def review(ongoing) -> landlord.ReviewAndCloseCase:
    return landlord.ReviewAndCloseCase(CloseCase("R-1", "C-1", first(CaseOutcome)), True, ongoing)


def override(scopes) -> RecordOverride:
    return RecordOverride(
        "R-1", "C-1", first(LawfulBasis), scopes, "A", first(AuthoriserRole), "why",
        NOW + timedelta(days=1),
    )  # fmt: skip


def first(vocabulary):
    return next(iter(vocabulary))


def arrangements(count: int) -> tuple[ddpo.AccessArrangement, ...]:
    return tuple(ddpo.AccessArrangement(first(AccessNeed)) for _ in range(count))


# (what, a command with the field at its maximum, one with a value more, the field)
CASES = [
    ("strands", incident(tuple(Strand)), incident((*Strand, Strand.RACE)), "strands"),
    (
        "perceived_by",
        incident(perceived_by=tuple(Perceiver)),
        incident(perceived_by=(*Perceiver, Perceiver.VICTIM)),
        "perceived_by",
    ),
    (
        "consent scopes",
        RecordConsent("R-1", "C-1", Consent(EVERY_SCOPE)),
        RecordConsent("R-1", "C-1", Consent((*EVERY_SCOPE, EVERY_SCOPE[0]))),
        "consent.scopes",
    ),
    (
        "refused recipients of a consent",
        OpenCase("R-1", "C-1", None, Consent((), tuple(Recipient))),
        OpenCase("R-1", "C-1", None, Consent((), (*Recipient, Recipient.POLICE))),
        "consent.refused_recipients",
    ),
    (
        "refused recipients of a withdrawal",
        WithdrawConsent("R-1", "C-1", tuple(Recipient)),
        WithdrawConsent("R-1", "C-1", (*Recipient, Recipient.POLICE)),
        "refused_recipients",
    ),
    ("override scopes", override(EVERY_SCOPE), override((*EVERY_SCOPE, EVERY_SCOPE[0])), "scopes"),
    ("police strands", crime(tuple(Strand)), crime((*Strand, Strand.RACE)), "strands"),
    (
        "police perceivers",
        crime((Strand.RACE,), tuple(Perceiver)),
        crime((Strand.RACE,), (*Perceiver, Perceiver.VICTIM)),
        "perceived_by",
    ),
    (
        "landlord contact methods",
        agreement(tuple(LandlordContactMethod)),
        agreement((*LandlordContactMethod, first(LandlordContactMethod))),
        "agreement.contact_methods",
    ),
    (
        "landlord communication needs",
        agreement((first(LandlordContactMethod),), tuple(LandlordCommunicationNeed)),
        agreement(
            (first(LandlordContactMethod),),
            (*LandlordCommunicationNeed, first(LandlordCommunicationNeed)),
        ),
        "agreement.communication_needs",
    ),
    (
        "landlord support referral",
        landlord.ReferForSupport("R-1", "C-1", None, None, tuple(SupportArea)),
        landlord.ReferForSupport("R-1", "C-1", None, None, (*SupportArea, SupportArea.HOUSING)),
        "support_areas",
    ),
    (
        "landlord ongoing support",
        review(tuple(SupportArea)),
        review((*SupportArea, SupportArea.HOUSING)),
        "ongoing_support",
    ),
    (
        "victim support needs",
        victim_support.AssessNeeds("R-1", "C-1", tuple(SupportArea), None),
        victim_support.AssessNeeds("R-1", "C-1", (*SupportArea, SupportArea.HOUSING), None),
        "needs",
    ),
    (
        "victim support plan areas",
        victim_support.AgreeSupportPlan("R-1", "C-1", tuple(SupportArea)),
        victim_support.AgreeSupportPlan("R-1", "C-1", (*SupportArea, SupportArea.HOUSING)),
        "areas",
    ),
    (
        "DDPO police reluctance",
        ddpo.RecordPoliceWish("R-1", "C-1", PoliceInvolvement.NOT_WANTED, tuple(PoliceReluctance)),
        ddpo.RecordPoliceWish(
            "R-1", "C-1", PoliceInvolvement.NOT_WANTED, (*PoliceReluctance, first(PoliceReluctance))
        ),
        "police_reluctance",
    ),
    (
        "DDPO access needs",
        ddpo.RecordAccessNeeds("R-1", "C-1", arrangements(ddpo.MAX_ACCESS_NEEDS)),
        ddpo.RecordAccessNeeds("R-1", "C-1", arrangements(ddpo.MAX_ACCESS_NEEDS + 1)),
        "access_needs",
    ),
]


@pytest.mark.parametrize(
    ("at_maximum", "over", "field"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_repeated_field_past_its_maximum_is_refused_naming_it(at_maximum, over, field):
    assert field not in refused_fields(at_maximum)
    assert field in refused_fields(over)


def test_the_maxima_are_the_vocabularies_sizes():
    assert kernel.MAX_STRANDS == len(Strand) == 9
    assert len(Perceiver) == kernel.MAX_PERCEIVERS
    assert len(Recipient) * len(Purpose) == kernel.MAX_SCOPES
    assert len(PoliceReluctance) == ddpo.MAX_RELUCTANCE


def test_the_entrypoint_maps_past_every_maximum_and_no_further():
    maxima = [
        kernel.MAX_STRANDS, kernel.MAX_PERCEIVERS, kernel.MAX_RECIPIENTS, kernel.MAX_SCOPES,
        kernel.MAX_SUPPORT_AREAS, landlord.MAX_CONTACT_METHODS, landlord.MAX_COMMUNICATION_NEEDS,
        ddpo.MAX_RELUCTANCE, ddpo.MAX_ACCESS_NEEDS,
    ]  # fmt: skip
    assert max(maxima) < MAPPED_AT_MOST
    started = time.perf_counter()
    strands = Unmappable().many(Strand, [vocabulary_pb2.STRAND_RACE] * 1_100_000, "strands")
    assert len(strands) == MAPPED_AT_MOST + 1
    assert time.perf_counter() - started < 0.5  # 3.5 s when every item was mapped
    unknown = Unmappable()
    unknown.many(Strand, [999] * 1_100_000, "strands")
    assert len(unknown.values) == MAPPED_AT_MOST + 1  # a refusal small enough to send


def test_a_million_strands_are_refused_and_record_nothing(records):
    records.open_case(OpenCase("R-OPEN", "C-1", Subject("Ann", "Lee", "1990-01-01", "SW1A 1AA")))
    mapped = Unmappable().many(Strand, [vocabulary_pb2.STRAND_RACE] * 1_000_000, "strands")
    with pytest.raises(InvalidRequest) as refused:
        records.record_incident(incident(mapped))
    assert {v.field for v in refused.value.violations} == {"strands"}
    assert records.get_case("C-1").incidents == {}


def test_repeats_within_the_maximum_are_folded(records):
    records.open_case(OpenCase("R-OPEN", "C-1", Subject("Ann", "Lee", "1990-01-01", "SW1A 1AA")))
    records.record_incident(incident((Strand.RACE, Strand.RACE, Strand.DISABILITY)))
    (recorded,) = records.get_case("C-1").incidents.values()
    assert recorded.strands == (Strand.RACE, Strand.DISABILITY)


def test_the_largest_legitimate_request_fits_the_receive_limit_five_times():
    """A DDPO report at every maximum, each character taking 4 bytes: the largest
    request any service takes (a narrative, a subject, a consent, every list full)."""
    wide = "\U0001f600"  # 4 bytes in UTF-8
    scopes = [
        events_pb.ConsentScope(recipient=r, purpose=p) for r in range(1, 6) for p in (1, 2, 3)
    ]
    report = ddpo_pb.RecordReportRequest(
        request_id="R" * 64,
        case_reference="C" * 40,
        subject=case_pb.SubjectIdentity(
            given_name=wide * kernel.MAX_NAME, family_name=wide * kernel.MAX_NAME,
            date_of_birth="1990-01-01", postcode="SW1A 1AA",
        ),
        consent=case_pb.Consent(scopes=scopes, refused_recipients=range(1, 6)),
        police_reluctance=range(1, ddpo.MAX_RELUCTANCE + 1),
        strands=range(1, kernel.MAX_STRANDS + 1),
        perceived_by=range(1, kernel.MAX_PERCEIVERS + 1),
        location_postcode="SW1A 1AA",
        narrative=wide * kernel.MAX_NARRATIVE,
    )  # fmt: skip
    print(f"largest legitimate request: {report.ByteSize():,} bytes")
    assert report.ByteSize() * 5 <= MAX_REQUEST_BYTES
    assert len("\x01" * 1_100_000) > MAX_REQUEST_BYTES  # what once held a writer
