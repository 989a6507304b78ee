"""The DDPO's case records on in-memory persistence (no I/O): reports named,
third-party and anonymous, and the wish not to involve the police. Access needs,
support, advocacy time and the waiting list are in test_ddpo_advocacy.py, bad
requests and privacy in test_ddpo_validation.py; tests/integration/test_ddpo_postgres.py
runs all three on Postgres with encryption at rest.
"""

from dataclasses import astuple
from datetime import UTC, datetime, timedelta

import pytest

from marac.v1 import case_events_pb2, vocabulary_pb2
from services.common.case import Consent, Subject
from services.common.commands import (
    RecordConsent,
    RecordOverride,
)
from services.common.errors import FailedPrecondition
from services.common.matching import subject_key
from services.common.vocabulary import (
    AuthoriserRole,
    LawfulBasis,
    Purpose,
    Recipient,
    ReportSource,
    Strand,
)
from services.ddpo.commands import (
    RecordPoliceWish,
)
from services.ddpo.vocabulary import (
    PoliceInvolvement,
    PoliceReluctance,
    ReporterRelationship,
)
from tests.refusals import REFUSED
from tests.unit.ddpo_records import *  # noqa: F403 (its fixture: records)
from tests.unit.ddpo_records import (
    ANN,
    LINKING_KEY,
    PANEL,
    POLICE,
    anonymous,
    payloads,
    published,
    report,
    violated_fields,
)

# Reports named, third-party and anonymous


def test_an_anonymous_report_names_no_one_and_still_counts_in_hotspot_figures(records):
    accepted = records.record_report(
        anonymous(strands=(Strand.DISABILITY, Strand.RACE), location_postcode="E1 6AN")
    )

    assert accepted.subject_key == ""
    case = records.get_case("DD-1")
    assert case.subject is None
    sent = published(records)
    assert [e.WhichOneof("payload") for _, e in sent] == [
        "case_opened",
        "consent_recorded",
        "incident_reported",
    ]
    assert {key for key, _ in sent} == {b""}
    assert {e.subject_key for _, e in sent} == {""}
    incident = sent[-1][1].incident_reported
    assert incident.postcode_district == "E1"
    assert list(incident.strands) == [vocabulary_pb2.STRAND_DISABILITY, vocabulary_pb2.STRAND_RACE]
    assert incident.source == vocabulary_pb2.REPORT_SOURCE_ANONYMOUS
    assert incident.incident_category == vocabulary_pb2.INCIDENT_CATEGORY_VERBAL_ABUSE
    assert incident.category == "verbal_abuse"
    assert sent[-1][1].occurred_at.ToDatetime(tzinfo=UTC) == datetime(2026, 3, 14, 18, tzinfo=UTC)


def test_a_third_party_report_links_the_victim_by_the_same_match_key_as_other_agencies(records):
    accepted = records.record_report(
        report(source=ReportSource.THIRD_PARTY, reporter=ReporterRelationship.CARER)
    )

    assert accepted.subject_key == subject_key(bytes.fromhex(LINKING_KEY), *astuple(ANN))
    case = records.get_case("DD-1")
    assert case.reporters[accepted.incident_id] == "carer"
    sent = published(records)
    assert {key for key, _ in sent} == {accepted.subject_key.encode()}
    [incident] = payloads(records, "incident_reported")
    assert incident.source == vocabulary_pb2.REPORT_SOURCE_THIRD_PARTY


def test_a_third_party_who_cannot_name_the_victim_makes_a_report_that_names_no_one(records):
    accepted = records.record_report(
        report(subject=None, source=ReportSource.THIRD_PARTY, reporter=ReporterRelationship.WITNESS)
    )
    assert accepted.subject_key == ""
    assert not records.get_case("DD-1").named


def test_a_case_that_names_no_one_takes_further_reports_but_no_name(records):
    records.record_report(anonymous())
    with pytest.raises(REFUSED) as named:
        records.record_report(
            report("R-2", source=ReportSource.THIRD_PARTY, reporter=ReporterRelationship.FRIEND)
        )
    assert violated_fields(named) == {"subject"}
    with pytest.raises(REFUSED) as own:
        records.record_report(report("R-3", subject=None))
    assert violated_fields(own) == {"source"}

    records.record_report(anonymous("R-4"))
    assert len(records.get_case("DD-1").incidents) == 2


def test_a_report_on_a_named_case_may_not_name_someone_else(records):
    records.record_report(report())
    with pytest.raises(FailedPrecondition):
        records.record_report(
            report("R-2", subject=Subject("Bob", "Jones", "1975-05-05", "E2 7AB"))
        )


def test_a_retried_report_is_applied_once(records):
    first = records.record_report(report(police_involvement=PoliceInvolvement.NOT_WANTED))
    version = records.get_case("DD-1").version

    assert records.record_report(report(police_involvement=PoliceInvolvement.NOT_WANTED)) == first
    case = records.get_case("DD-1")
    assert case.version == version
    assert list(case.incidents) == [first.incident_id]


# Consent and the wish not to involve the police


def test_consent_is_recorded_with_each_report(records):
    records.record_report(report(consent=PANEL))
    later = Consent(
        scopes=(
            (Recipient.MARAC_PANEL, Purpose.MARAC_DISCUSSION),
            (Recipient.SOCIAL_LANDLORD, Purpose.RISK_ASSESSMENT),
        )
    )
    records.record_report(report("R-2", consent=later, police_involvement=None))

    consents = payloads(records, "consent_recorded")
    assert [len(c.scopes) for c in consents] == [1, 2]
    assert consents[1].change == case_events_pb2.CONSENT_CHANGE_WIDENED
    assert records.get_case("DD-1").consent.scopes == (
        ("marac_panel", "marac_discussion"),
        ("social_landlord", "risk_assessment"),
    )


def test_the_wish_not_to_involve_the_police_refuses_them_in_every_shared_consent(records):
    records.record_report(
        report(
            police_involvement=PoliceInvolvement.NOT_WANTED,
            police_reluctance=(
                PoliceReluctance.EVIDENCE_THRESHOLD,
                PoliceReluctance.POOR_PREVIOUS_EXPERIENCE,
            ),
        )
    )
    # Neither the kernel's RecordConsent nor a later report has to repeat the refusal.
    records.record_consent(
        RecordConsent(
            "R-CONSENT",
            "DD-1",
            Consent(scopes=((Recipient.VICTIM_SUPPORT, Purpose.REFERRAL),)),
        )
    )
    records.record_report(report("R-2", police_involvement=None))

    consents = payloads(records, "consent_recorded")
    assert len(consents) == 3
    for consent in consents:
        assert list(consent.refused_recipients) == [POLICE]
        assert POLICE not in {s.recipient for s in consent.scopes}
    case = records.get_case("DD-1")
    assert case.police_reluctance == ("evidence_threshold", "poor_previous_experience")


def test_the_refusal_reaches_the_topic_before_the_incident_it_covers(records):
    records.record_report(anonymous(police_involvement=PoliceInvolvement.NOT_WANTED))
    kinds = [e.WhichOneof("payload") for _, e in published(records)]
    assert kinds.index("consent_recorded") < kinds.index("incident_reported")


@pytest.mark.parametrize(
    "record",
    [
        lambda records: records.record_report(
            report(
                "R-2",
                police_involvement=None,
                consent=Consent(((Recipient.POLICE, Purpose.REFERRAL),)),
            )
        ),
        lambda records: records.record_consent(
            RecordConsent("R-2", "DD-1", Consent(((Recipient.POLICE, Purpose.RISK_ASSESSMENT),)))
        ),
    ],
    ids=["report", "kernel RecordConsent"],
)
def test_nothing_is_consented_to_the_police_while_the_victim_does_not_want_them(records, record):
    records.record_report(report(police_involvement=PoliceInvolvement.NOT_WANTED))
    with pytest.raises(REFUSED) as error:
        record(records)
    assert violated_fields(error) == {"consent.scopes[0].recipient"}
    case = records.get_case("DD-1")
    assert case.consent.scopes == (("marac_panel", "marac_discussion"),)
    assert len(case.incidents) == 1


def test_a_report_cannot_both_refuse_the_police_and_want_them(records):
    contradiction = Consent(refused=(Recipient.POLICE,))
    with pytest.raises(REFUSED) as error:
        records.record_report(
            report(police_involvement=PoliceInvolvement.WANTED, consent=contradiction)
        )
    assert violated_fields(error) == {"consent.refused_recipients[0]"}
    with pytest.raises(REFUSED) as not_wanted:
        records.record_report(
            report(
                police_involvement=PoliceInvolvement.NOT_WANTED,
                consent=Consent(((Recipient.POLICE, Purpose.REFERRAL),)),
            )
        )
    assert violated_fields(not_wanted) == {"consent.scopes[0].recipient"}


def test_a_changed_wish_changes_what_the_consent_refuses(records):
    both = Consent(
        scopes=(
            (Recipient.POLICE, Purpose.RISK_ASSESSMENT),
            (Recipient.MARAC_PANEL, Purpose.MARAC_DISCUSSION),
        )
    )
    records.record_report(report(consent=both))

    not_wanted = RecordPoliceWish(
        "R-WISH", "DD-1", PoliceInvolvement.NOT_WANTED, (PoliceReluctance.FEAR_OF_REPRISAL,)
    )
    assert records.record_police_wish(not_wanted).consent_change == "narrowed"
    # A retry changes nothing.
    assert records.record_police_wish(not_wanted).consent_change == "narrowed"
    case = records.get_case("DD-1")
    assert case.consent.scopes == (("marac_panel", "marac_discussion"),)
    assert case.consent.refused == ("police",)

    records.record_police_wish(RecordPoliceWish("R-WISH-2", "DD-1", PoliceInvolvement.WANTED))
    case = records.get_case("DD-1")
    assert case.consent.refused == ()
    assert case.police_reluctance == ()
    assert [list(c.refused_recipients) for c in payloads(records, "consent_recorded")] == [
        [],
        [POLICE],
        [],
    ]


def test_only_a_lawful_basis_override_shares_with_the_police_against_the_wish(records):
    records.record_report(report(police_involvement=PoliceInvolvement.NOT_WANTED))
    records.record_override(
        RecordOverride(
            "R-OVERRIDE", "DD-1", LawfulBasis.SAFEGUARDING_INDIVIDUALS_AT_RISK,
            ((Recipient.POLICE, Purpose.RISK_ASSESSMENT),), "Pat Lead",
            AuthoriserRole.DESIGNATED_SAFEGUARDING_LEAD, "Threats to kill.",
            datetime.now(UTC) + timedelta(days=7),
        )
    )  # fmt: skip
    [shared] = payloads(records, "override_recorded")
    assert [s.recipient for s in shared.scopes] == [POLICE]
    assert shared.basis == vocabulary_pb2.LAWFUL_BASIS_SAFEGUARDING_INDIVIDUALS_AT_RISK
    # The override is recorded beside the consent, which still refuses the police.
    assert records.get_case("DD-1").consent.refused == ("police",)


def test_restating_the_wish_records_no_consent_change(records):
    records.record_report(report(police_involvement=PoliceInvolvement.NOT_WANTED))
    again = RecordPoliceWish("R-WISH", "DD-1", PoliceInvolvement.NOT_WANTED)
    assert records.record_police_wish(again).consent_change is None
    assert len(payloads(records, "consent_recorded")) == 1
