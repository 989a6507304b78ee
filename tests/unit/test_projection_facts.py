"""Facts: what of a shared event the projection keeps. Also the fact builders that the
other projection tests share."""

from datetime import UTC, datetime, timedelta

import pytest

from marac.v1 import case_events_pb2 as pb
from marac.v1 import vocabulary_pb2 as vocab
from projections import facts as f
from projections.app import facts_of

ALICE = "a" * 64
BOB = "b" * 64
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)

POLICE = vocab.AGENCY_KIND_POLICE
LANDLORD = vocab.AGENCY_KIND_SOCIAL_LANDLORD
VICTIM_SUPPORT = vocab.AGENCY_KIND_VICTIM_SUPPORT
DDPO = vocab.AGENCY_KIND_DDPO
AGENCY_KINDS = {"police-1": POLICE, "landlord-1": LANDLORD, "vs-1": VICTIM_SUPPORT, "ddpo-1": DDPO}
CASE_OF = {"police-1": "P-1", "landlord-1": "L-1", "vs-1": "V-1", "ddpo-1": "D-1"}

STANDARD = vocab.RISK_LEVEL_STANDARD
MEDIUM = vocab.RISK_LEVEL_MEDIUM
HIGH = vocab.RISK_LEVEL_HIGH
DISABILITY = vocab.STRAND_DISABILITY
RACE = vocab.STRAND_RACE
HATE_CRIME = vocab.HATE_CLASSIFICATION_HATE_CRIME
HATE_INCIDENT = vocab.HATE_CLASSIFICATION_HATE_INCIDENT
NOT_HATE = vocab.HATE_CLASSIFICATION_NOT_HATE_RELATED
SAFEGUARDING = vocab.LAWFUL_BASIS_SAFEGUARDING_INDIVIDUALS_AT_RISK

TO_POLICE = (vocab.RECIPIENT_POLICE, vocab.PURPOSE_RISK_ASSESSMENT)
TO_LANDLORD = (vocab.RECIPIENT_SOCIAL_LANDLORD, vocab.PURPOSE_RISK_ASSESSMENT)
TO_VICTIM_SUPPORT = (vocab.RECIPIENT_VICTIM_SUPPORT, vocab.PURPOSE_RISK_ASSESSMENT)
TO_DDPO = (vocab.RECIPIENT_DDPO, vocab.PURPOSE_RISK_ASSESSMENT)
TO_PANEL = (vocab.RECIPIENT_MARAC_PANEL, vocab.PURPOSE_MARAC_DISCUSSION)
EVERYONE = (TO_POLICE, TO_LANDLORD, TO_VICTIM_SUPPORT, TO_DDPO, TO_PANEL)


def fact(seq, kind=f.CASE_OPENED, payload=None, *, agency_id="police-1", subject=ALICE, at=None):
    return f.Fact(
        agency_id,
        seq,
        AGENCY_KINDS.get(agency_id, POLICE),
        subject,
        CASE_OF.get(agency_id, "X-1"),
        kind,
        NOW - DAY if at is None else at,
        payload,
    )


def incident(seq, *, strands=(DISABILITY,), classification=HATE_INCIDENT, **where):
    return fact(seq, f.INCIDENT, f.Incident(tuple(sorted(strands)), classification), **where)


def assessed(seq, level, tool="DASH", **where):
    return fact(seq, f.RISK_ASSESSED, f.RiskAssessment(level, tool), **where)


def consent(seq, *scopes, refused=(), **where):
    return fact(seq, f.CONSENT, f.Consent(frozenset(scopes), frozenset(refused)), **where)


def override(seq, override_id, expires_at, *scopes, **where):
    return fact(
        seq,
        f.OVERRIDE,
        f.Override(override_id, SAFEGUARDING, frozenset(scopes), expires_at),
        **where,
    )


def revocation(seq, override_id, **where):
    return fact(seq, f.OVERRIDE_REVOKED, f.OverrideRevocation(override_id), **where)


def referral(seq, **where):
    ground = pb.MARAC_REFERRAL_GROUND_PROFESSIONAL_JUDGEMENT
    return fact(seq, f.MARAC_REFERRAL, f.MaracReferral(ground), **where)


def discussed(seq, at, subject=ALICE):
    return f.Fact("marac", seq, 0, subject, "", f.MARAC_DISCUSSED, at, None)


def event(seq, *, subject=ALICE, agency_id="police-1", at=NOW, **payload):
    message = pb.CaseEvent(
        event_id=f"e{seq}",
        agency=POLICE,
        agency_id=agency_id,
        subject_key=subject,
        case_reference="P-1",
        source_sequence=seq,
        schema_version=1,
        **payload,
    )
    message.occurred_at.FromDatetime(at)
    message.recorded_at.FromDatetime(at + timedelta(minutes=5))
    return message


def test_an_incident_keeps_strands_and_classification_only():
    record = event(
        3,
        incident_reported=pb.IncidentReported(
            incident_id="i-1",
            strands=[RACE, DISABILITY, RACE, vocab.STRAND_UNSPECIFIED],
            classification=HATE_CRIME,
            perceived_by=[vocab.PERCEIVER_VICTIM],
            postcode_district="L8",
            source=vocab.REPORT_SOURCE_THIRD_PARTY,
            category="criminal_damage",
        ),
    )
    assert f.decode(record.SerializeToString()) == f.Fact(
        "police-1",
        3,
        POLICE,
        ALICE,
        "P-1",
        f.INCIDENT,
        NOW,
        f.Incident((DISABILITY, RACE), HATE_CRIME),
    )


def test_consent_and_overrides_keep_their_scopes():
    given = event(
        4,
        consent_recorded=pb.ConsentRecorded(
            scopes=[
                pb.ConsentScope(recipient=TO_PANEL[0], purpose=TO_PANEL[1]),
                pb.ConsentScope(recipient=vocab.RECIPIENT_POLICE),  # no purpose: no scope
            ],
            refused_recipients=[vocab.RECIPIENT_POLICE],
            change=pb.CONSENT_CHANGE_GIVEN,
        ),
    )
    assert f.decode(given.SerializeToString()).payload == f.Consent(
        frozenset({TO_PANEL}), frozenset({vocab.RECIPIENT_POLICE})
    )
    recorded = event(
        5,
        override_recorded=pb.OverrideRecorded(
            override_id="o-1",
            basis=SAFEGUARDING,
            scopes=[pb.ConsentScope(recipient=TO_POLICE[0], purpose=TO_POLICE[1])],
            authoriser_role="safeguarding lead",
        ),
    )
    recorded.override_recorded.expires_at.FromDatetime(NOW + DAY)
    assert f.decode(recorded.SerializeToString()).payload == f.Override(
        "o-1", SAFEGUARDING, frozenset({TO_POLICE}), NOW + DAY
    )


def test_an_unknown_or_empty_payload_is_a_fact_of_its_kind_only():
    assert f.decode(event(1).SerializeToString()).kind == f.UNKNOWN
    opened = f.decode(event(2, case_opened=pb.CaseOpened()).SerializeToString())
    assert (opened.kind, opened.payload) == (f.CASE_OPENED, None)


def test_anonymous_reports_count_nowhere_and_garbage_is_malformed():
    anonymous = event(1, subject="", incident_reported=pb.IncidentReported())
    assert f.decode(anonymous.SerializeToString()) is None
    with pytest.raises(f.MalformedEvent):
        f.decode(b"\xff\xff not protobuf")
    with pytest.raises(f.MalformedEvent):
        f.decode(event(0, case_opened=pb.CaseOpened()).SerializeToString())
    for bad in [{"agency_id": ""}, {"agency_id": "p\x00"}, {"subject": "a" * 201}]:
        with pytest.raises(f.MalformedEvent):
            f.decode(event(1, **bad, case_opened=pb.CaseOpened()).SerializeToString())
    long_id = event(1, override_revoked=pb.OverrideRevoked(override_id="o" * 201))
    with pytest.raises(f.MalformedEvent):
        f.decode(long_id.SerializeToString())
    records = [
        anonymous.SerializeToString(),
        b"\xff\xff",
        event(2, case_opened=pb.CaseOpened()).SerializeToString(),
    ]
    facts, anonymous_count, malformed = facts_of(records)
    assert (len(facts), anonymous_count, malformed) == (1, 1, 1)
