"""The police's own practice: crimes and non-crime incidents recorded with their
reference, offence category, hate flag and strands, investigation outcomes, and
what of it is shared. In-memory persistence (no I/O);
tests/integration/test_police_postgres.py runs the same tests on Postgres.
"""

from datetime import UTC, datetime, timedelta

import pytest

from marac.v1 import case_events_pb2 as pb
from marac.v1 import vocabulary_pb2 as vocab
from services.common.case import Consent, Subject
from services.common.commands import CloseCase
from services.common.errors import AlreadyExists, FailedPrecondition, NotFound
from services.common.validation import InvalidRequest
from services.common.vocabulary import (
    CaseOutcome,
    Perceiver,
    Purpose,
    Recipient,
    ReportSource,
    Strand,
)
from services.police.agency import AGENCY as POLICE
from services.police.application import PoliceCaseRecords
from services.police.commands import ListCrimes, RecordCrime, RecordInvestigationOutcome
from services.police.vocabulary import InvestigationOutcome, OffenceCategory, PoliceRecordType
from tests.refusals import REFUSED, fields_named
from tests.unit.sharing import shared_events as shared

LINKING_KEY = "11" * 32
ANN = Subject("Ann", "Smith", "1980-02-03", "L4 0TH")
TO_VICTIM_SUPPORT = Consent(scopes=((Recipient.VICTIM_SUPPORT, Purpose.REFERRAL),))


@pytest.fixture
def records():
    app = PoliceCaseRecords(env={"LINKING_KEY": LINKING_KEY, "AGENCY_ID": "test-police"})
    yield app
    app.close()


def crime(request_id="R-CRIME", crime_reference="CRN-13/0001/26", **changes) -> RecordCrime:
    fields = dict(
        request_id=request_id,
        case_reference="PC-1",
        subject=ANN,
        consent=TO_VICTIM_SUPPORT,
        crime_reference=crime_reference,
        record_type=PoliceRecordType.CRIME,
        offence=OffenceCategory.CRIMINAL_DAMAGE,
        source=ReportSource.VICTIM,
        occurred_at=datetime(2026, 1, 10, 22, 15, tzinfo=UTC),
        hate_flag=True,
        strands=(Strand.DISABILITY, Strand.RACE),
        perceived_by=(Perceiver.VICTIM, Perceiver.WITNESS),
        location_postcode="l4 0th",
        narrative="Ramp to her front door smashed; slurs painted on the wall.",
    )
    fields.update(changes)
    return RecordCrime(**fields)


def outcome(request_id="R-OUTCOME", crime_reference="CRN-13/0001/26", **changes):
    fields = dict(
        request_id=request_id,
        case_reference="PC-1",
        crime_reference=crime_reference,
        outcome=InvestigationOutcome.CHARGED_OR_SUMMONSED,
    )
    fields.update(changes)
    return RecordInvestigationOutcome(**fields)


def violated_fields(error: pytest.ExceptionInfo) -> set[str]:
    return fields_named(error.value, POLICE.refusals)


def test_a_hate_crime_is_recorded_with_reference_offence_strands_and_perceivers(records):
    recorded = records.record_crime(crime())

    listed = records.list_crimes(ListCrimes("PC-1")).crimes
    assert [c.incident_id for c in listed] == [recorded.incident_id]
    assert listed[0].crime.crime_reference == "CRN-13/0001/26"
    assert listed[0].crime.offence == "criminal_damage"
    assert listed[0].crime.hate_flag is True
    assert listed[0].incident.strands == ("disability", "race")
    assert listed[0].incident.perceived_by == ("victim", "witness")
    assert listed[0].incident.location_postcode == "L4 0TH"
    assert listed[0].crime.outcome is None
    # Every agency's view of the same incident: a hate crime of that category.
    case = records.get_case("PC-1")
    assert case.subject_key == recorded.subject_key
    incident = case.incidents[recorded.incident_id]
    assert (incident.classification, incident.category) == ("hate_crime", "criminal_damage")


@pytest.mark.parametrize(
    ("record_type", "offence", "hate_flag", "classification", "category"),
    [
        (PoliceRecordType.CRIME, OffenceCategory.ASSAULT, True, "hate_crime", "assault"),
        (PoliceRecordType.NON_CRIME_INCIDENT, None, True, "hate_incident", "non_crime_incident"),
        (PoliceRecordType.CRIME, OffenceCategory.THEFT, False, "not_hate_related", "theft"),
    ],
)
def test_the_hate_flag_and_record_type_make_a_hate_crime_or_a_hate_incident(
    records, record_type, offence, hate_flag, classification, category
):
    strands = (Strand.SEXUAL_ORIENTATION,) if hate_flag else ()
    perceived = (Perceiver.THIRD_PARTY,) if hate_flag else ()
    recorded = records.record_crime(
        crime(
            record_type=record_type,
            offence=offence,
            hate_flag=hate_flag,
            strands=strands,
            perceived_by=perceived,
        )
    )
    incident = records.get_case("PC-1").incidents[recorded.incident_id]
    assert (incident.classification, incident.category) == (classification, category)


def test_later_reports_add_to_the_case_without_repeating_the_subject(records):
    first = records.record_crime(crime())
    second = records.record_crime(
        crime("R-SECOND", "CRN-13/0002/26", subject=None, offence=OffenceCategory.HARASSMENT)
    )
    assert second.subject_key == first.subject_key
    assert len(records.get_case("PC-1").incidents) == 2


def test_a_new_case_needs_a_subject_and_nothing_is_recorded_without_one(records):
    with pytest.raises(REFUSED) as error:
        records.record_crime(crime(subject=None))
    assert violated_fields(error) == {"subject"}
    with pytest.raises(NotFound):
        records.get_case("PC-1")


def test_a_report_about_someone_else_does_not_join_the_case(records):
    records.record_crime(crime())
    with pytest.raises(FailedPrecondition):
        records.record_crime(
            crime(
                "R-OTHER", "CRN-13/0002/26", subject=Subject("Bo", "Jones", "1990-01-01", "L4 0TH")
            )
        )
    assert len(records.get_case("PC-1").incidents) == 1


def test_consent_is_recorded_with_each_report(records):
    records.record_crime(crime())
    assert records.get_case("PC-1").consent.scopes == (("victim_support", "referral"),)

    widened = Consent(
        scopes=(
            (Recipient.VICTIM_SUPPORT, Purpose.REFERRAL),
            (Recipient.MARAC_PANEL, Purpose.MARAC_DISCUSSION),
        ),
        refused=(Recipient.SOCIAL_LANDLORD,),
    )
    records.record_crime(crime("R-SECOND", "CRN-13/0002/26", consent=widened))
    case = records.get_case("PC-1")
    assert case.consent.scopes == (
        ("marac_panel", "marac_discussion"),
        ("victim_support", "referral"),
    )
    assert case.consent.refused == ("social_landlord",)
    changes = [e.consent_recorded.change for e in shared_events(records, "consent_recorded")]
    assert changes == [pb.CONSENT_CHANGE_GIVEN, pb.CONSENT_CHANGE_WIDENED]


def test_a_report_without_consent_is_refused(records):
    with pytest.raises(InvalidRequest) as error:
        records.record_crime(crime(consent=None))
    assert violated_fields(error) == {"consent"}


def test_a_retried_report_is_recorded_once(records):
    first = records.record_crime(crime())
    version = records.get_case("PC-1").version
    assert records.record_crime(crime()) == first
    second = records.record_crime(crime("R-SECOND", "CRN-13/0002/26", subject=None))
    assert records.record_crime(crime("R-SECOND", "CRN-13/0002/26", subject=None)) == second
    case = records.get_case("PC-1")
    assert len(case.incidents) == 2
    assert case.version == version + 3  # consent, crime, investigation


def test_a_crime_reference_is_recorded_once_per_case(records):
    records.record_crime(crime())
    with pytest.raises(AlreadyExists):
        records.record_crime(crime("R-AGAIN"))
    assert len(records.get_case("PC-1").incidents) == 1


def test_a_closed_case_takes_no_more_reports(records):
    records.record_crime(crime())
    records.close_case(CloseCase("R-CLOSE", "PC-1", CaseOutcome.CHARGED_OR_SUMMONSED))
    with pytest.raises(FailedPrecondition):
        records.record_crime(crime("R-LATE", "CRN-13/0002/26"))


def test_an_investigation_outcome_is_recorded_retried_once_and_revisable(records):
    records.record_crime(crime())
    records.record_investigation_outcome(
        outcome(outcome=InvestigationOutcome.INVESTIGATION_COMPLETE_NO_SUSPECT)
    )
    version = records.get_case("PC-1").version
    records.record_investigation_outcome(
        outcome(outcome=InvestigationOutcome.INVESTIGATION_COMPLETE_NO_SUSPECT)
    )
    assert records.get_case("PC-1").version == version
    # New evidence reopened it and a suspect was charged.
    records.record_investigation_outcome(outcome("R-CHARGED"))
    [listed] = records.list_crimes(ListCrimes("PC-1")).crimes
    assert listed.crime.outcome == "charged_or_summonsed"


def test_only_a_recorded_crime_has_an_investigation_outcome(records):
    records.record_crime(
        crime(
            record_type=PoliceRecordType.NON_CRIME_INCIDENT,
            offence=None,
            crime_reference="INC-2026/77",
        )
    )
    with pytest.raises(REFUSED) as error:
        records.record_investigation_outcome(outcome(crime_reference="INC-2026/77"))
    assert violated_fields(error) == {"crime_reference"}
    with pytest.raises(NotFound):
        records.record_investigation_outcome(outcome(crime_reference="CRN-99/9999/26"))
    with pytest.raises(NotFound):
        records.record_investigation_outcome(outcome(case_reference="PC-404"))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"request_id": ""}, "request_id"),
        ({"case_reference": "P" * 65}, "case_reference"),
        ({"subject": Subject("", "Smith", "1980-02-03", "L4 0TH")}, "subject.given_name"),
        (
            {
                "consent": Consent(
                    scopes=((Recipient.POLICE, Purpose.REFERRAL),), refused=(Recipient.POLICE,)
                )
            },
            "consent.refused_recipients[0]",
        ),
        ({"crime_reference": ""}, "crime_reference"),
        ({"crime_reference": "Ann Smith's <crime>"}, "crime_reference"),
        ({"crime_reference": "C" * 65}, "crime_reference"),
        ({"record_type": None}, "record_type"),
        ({"offence": None}, "offence"),
        ({"record_type": PoliceRecordType.NON_CRIME_INCIDENT}, "offence"),
        ({"source": None}, "source"),
        ({"occurred_at": None}, "occurred_at"),
        ({"occurred_at": datetime.now(UTC) + timedelta(days=1)}, "occurred_at"),
        ({"strands": ()}, "strands"),
        ({"perceived_by": ()}, "perceived_by"),
        ({"hate_flag": False}, "strands"),
        ({"hate_flag": False, "strands": ()}, "perceived_by"),
        ({"location_postcode": "nowhere"}, "location_postcode"),
        ({"narrative": "x" * 10_001}, "narrative"),
        (
            {"unknown_values": (("offence", "is not a known OffenceCategory"),), "offence": None},
            "offence",
        ),
    ],
)
def test_bad_reports_name_the_field_and_record_nothing(records, changes, field):
    with pytest.raises(InvalidRequest) as error:
        records.record_crime(crime(**changes))
    assert field in violated_fields(error)
    with pytest.raises((NotFound, InvalidRequest)):
        records.get_case(changes.get("case_reference", "PC-1"))


def test_bad_outcomes_name_the_field(records):
    records.record_crime(crime())
    with pytest.raises(InvalidRequest) as error:
        records.record_investigation_outcome(outcome(outcome=None, crime_reference=""))
    assert violated_fields(error) == {"outcome", "crime_reference"}
    assert records.list_crimes(ListCrimes("PC-1")).crimes[0].crime.outcome is None


def test_crimes_are_listed_a_page_at_a_time_in_the_order_recorded(records):
    references = [f"CRN-13/{n:04d}/26" for n in range(5)]
    for n, reference in enumerate(references):
        records.record_crime(crime(f"R-{n}", reference))

    seen, token, pages = [], "", 0
    while True:
        found = records.list_crimes(ListCrimes("PC-1", page_size=2, page_token=token))
        seen += [c.crime.crime_reference for c in found.crimes]
        pages += 1
        token = found.next_page_token
        if not token:
            break
    assert (seen, pages) == (references, 3)
    assert len(records.list_crimes(ListCrimes("PC-1")).crimes) == 5


def test_a_page_token_works_only_for_the_list_it_came_from(records):
    for n in range(3):
        records.record_crime(crime(f"R-{n}", f"CRN-13/{n:04d}/26"))
    records.record_crime(crime("R-OTHER", "CRN-14/0001/26", case_reference="PC-2"))
    token = records.list_crimes(ListCrimes("PC-1", page_size=1)).next_page_token
    assert token
    for bad in (token, "not-a-token", "W10", "x" * 500):
        with pytest.raises(InvalidRequest) as error:
            records.list_crimes(ListCrimes("PC-2", page_token=bad))
        assert violated_fields(error) == {"page_token"}
    with pytest.raises(InvalidRequest) as error:
        records.list_crimes(ListCrimes("PC-1", page_size=-1))
    assert violated_fields(error) == {"page_size"}
    with pytest.raises(NotFound):
        records.list_crimes(ListCrimes("PC-404"))


def test_error_messages_do_not_repeat_what_was_submitted(records):
    canary = "Zebedee-Canary-7731"
    with pytest.raises(InvalidRequest) as error:
        records.record_crime(
            crime(
                subject=Subject(canary * 10, canary, "x", canary),
                crime_reference=f"<{canary}>",
                location_postcode=canary,
                narrative=canary * 1000,
            )
        )
    assert canary not in str(error.value)


# Sharing


def shared_events(records, payload: str | None = None) -> list[pb.CaseEvent]:
    return shared(records, POLICE, payload)


def test_a_crime_is_shared_as_an_incident_and_its_investigation_as_an_action(records):
    recorded = records.record_crime(crime())
    records.record_investigation_outcome(outcome())

    shared = shared_events(records)
    assert [e.WhichOneof("payload") for e in shared] == [
        "case_opened",
        "consent_recorded",
        "incident_reported",
        "action_changed",
        "action_changed",
    ]
    incident = shared[2].incident_reported
    assert incident.incident_id == recorded.incident_id
    assert incident.classification == vocab.HATE_CLASSIFICATION_HATE_CRIME
    assert list(incident.strands) == [vocab.STRAND_DISABILITY, vocab.STRAND_RACE]
    assert list(incident.perceived_by) == [vocab.PERCEIVER_VICTIM, vocab.PERCEIVER_WITNESS]
    assert incident.source == vocab.REPORT_SOURCE_VICTIM
    assert (incident.incident_category, incident.postcode_district) == (
        vocab.INCIDENT_CATEGORY_CRIMINAL_DAMAGE,
        "L4",
    )
    assert incident.category == "criminal_damage"
    assert shared[2].occurred_at.ToDatetime(tzinfo=UTC) == datetime(2026, 1, 10, 22, 15, tzinfo=UTC)
    opened, concluded = shared[3].action_changed, shared[4].action_changed
    assert (opened.action_id, opened.type, opened.open) == (
        recorded.incident_id,
        vocab.ACTION_TYPE_INVESTIGATION,
        True,
    )
    assert (concluded.action_id, concluded.type, concluded.open) == (
        recorded.incident_id,
        vocab.ACTION_TYPE_INVESTIGATION,
        False,
    )


def test_a_non_crime_incident_has_no_investigation_to_share(records):
    records.record_crime(crime(record_type=PoliceRecordType.NON_CRIME_INCIDENT, offence=None))
    assert shared_events(records, "action_changed") == []
    [incident] = shared_events(records, "incident_reported")
    assert incident.incident_reported.classification == vocab.HATE_CLASSIFICATION_HATE_INCIDENT


def test_no_name_address_reference_narrative_or_outcome_is_shared(records):
    subject = Subject("Quillon", "Zephyrsmith", "1961-07-19", "ZZ99 9ZZ")
    records.record_crime(
        crime(
            subject=subject,
            location_postcode="ZZ99 9ZZ",
            crime_reference="CRN-77/31337/26",
            narrative="Hearing aid snatched by the canary thief.",
        )
    )
    records.record_investigation_outcome(
        outcome(
            crime_reference="CRN-77/31337/26",
            outcome=InvestigationOutcome.EVIDENTIAL_DIFFICULTIES_VICTIM_DOES_NOT_SUPPORT_ACTION,
        )
    )
    wire = b"".join(e.SerializeToString() for e in shared_events(records)).lower()
    assert wire
    for canary in [
        "Quillon",
        "Zephyrsmith",
        "1961-07-19",
        "ZZ99 9ZZ",
        "ZZ999ZZ",
        "31337",
        "canary thief",
        "evidential",
        "support_action",
    ]:
        assert canary.lower().encode() not in wire, canary
