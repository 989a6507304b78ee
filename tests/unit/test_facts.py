"""Facts: what of a shared event the shared view keeps, each kind declared once. Also
the fact builders that the other shared-view tests share."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from marac.v1 import case_events_pb2 as pb
from marac.v1 import vocabulary_pb2 as vocab
from shared_view import facts as f
from shared_view import kinds as k
from shared_view.rows import fact_from_row, fact_row

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


def fact(seq, kind=k.CASE_OPENED, payload=None, *, agency_id="police-1", subject=ALICE, at=None):
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


def incident(seq, *, strands=(DISABILITY,), classification=HATE_INCIDENT, district="", **where):
    payload = f.Incident(tuple(sorted(strands)), classification, district)
    return fact(seq, k.INCIDENT, payload, **where)


def assessed(seq, level, tool="DASH", **where):
    return fact(seq, k.RISK_ASSESSED, f.RiskAssessment(level, tool), **where)


def consent(seq, *scopes, refused=(), **where):
    return fact(seq, k.CONSENT, f.Consent(frozenset(scopes), frozenset(refused)), **where)


def override(seq, override_id, expires_at, *scopes, **where):
    return fact(
        seq,
        k.OVERRIDE,
        f.Override(override_id, SAFEGUARDING, frozenset(scopes), expires_at),
        **where,
    )


def revocation(seq, override_id, **where):
    return fact(seq, k.OVERRIDE_REVOKED, f.OverrideRevocation(override_id), **where)


def referral(seq, ground=pb.MARAC_REFERRAL_GROUND_PROFESSIONAL_JUDGEMENT, **where):
    return fact(seq, k.MARAC_REFERRAL, f.MaracReferral(ground), **where)


def discussed(seq, at, subject=ALICE):
    return f.Fact("marac", seq, 0, subject, "", k.MARAC_DISCUSSED, at, None)


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


def test_an_incident_keeps_strands_classification_and_district_only():
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
    assert k.decode(record.SerializeToString()) == f.Fact(
        "police-1",
        3,
        POLICE,
        ALICE,
        "P-1",
        k.INCIDENT,
        NOW,
        f.Incident((DISABILITY, RACE), HATE_CRIME, "L8"),  # its district, for the MARAC area
        recorded_at=NOW + timedelta(minutes=5),  # what the hub could know by when
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
    assert k.decode(given.SerializeToString()).payload == f.Consent(
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
    assert k.decode(recorded.SerializeToString()).payload == f.Override(
        "o-1", SAFEGUARDING, frozenset({TO_POLICE}), NOW + DAY
    )


def test_an_unknown_or_empty_payload_is_a_fact_of_its_kind_only():
    assert k.decode(event(1).SerializeToString()).kind == k.UNKNOWN
    opened = k.decode(event(2, case_opened=pb.CaseOpened()).SerializeToString())
    assert (opened.kind, opened.payload) == (k.CASE_OPENED, None)
    timed = k.decode(event(3, response_timed=pb.ResponseTimed()).SerializeToString())
    assert (timed.kind.name, timed.payload) == ("response_timed", None)


def test_anonymous_reports_count_nowhere_and_garbage_is_malformed():
    anonymous = event(1, subject="", incident_reported=pb.IncidentReported())
    assert k.decode(anonymous.SerializeToString()) is None
    with pytest.raises(f.MalformedEvent):
        k.decode(b"\xff\xff not protobuf")
    with pytest.raises(f.MalformedEvent):
        k.decode(event(0, case_opened=pb.CaseOpened()).SerializeToString())
    for bad in [{"agency_id": ""}, {"agency_id": "p\x00"}, {"subject": "a" * 201}]:
        with pytest.raises(f.MalformedEvent):
            k.decode(event(1, **bad, case_opened=pb.CaseOpened()).SerializeToString())
    long_id = event(1, override_revoked=pb.OverrideRevoked(override_id="o" * 201))
    with pytest.raises(f.MalformedEvent):
        k.decode(long_id.SerializeToString())


def test_every_payload_of_the_shared_event_has_one_declared_kind():
    payloads = pb.CaseEvent.DESCRIPTOR.oneofs_by_name["payload"].fields
    assert set(k.KINDS) == {field.name for field in payloads} | {"unknown"}
    assert all(k.kind_named(name) is kind for name, kind in k.KINDS.items())
    assert k.SUBJECT_KINDS == ["marac_discussed"]  # the one kind that names no case


def one_of_each_kind():
    return [
        fact(1),
        incident(2, strands=(RACE, DISABILITY), classification=HATE_CRIME, district="L8"),
        assessed(3, HIGH, tool="DASH"),
        consent(4, TO_PANEL, TO_POLICE, refused=[vocab.RECIPIENT_DDPO]),
        override(5, "o-1", NOW + DAY, TO_POLICE),
        revocation(6, "o-1"),
        fact(7, k.SUPPORT, f.SupportChange(vocab.SUPPORT_AREA_HOUSING, True)),
        fact(8, k.ENFORCEMENT, f.EnforcementChange("e-1", vocab.ENFORCEMENT_TYPE_WARNING, False)),
        fact(9, k.ACTION, f.ActionChange("a-1", vocab.ACTION_TYPE_REPAIR, True, NOW + DAY)),
        fact(10, k.ACTION, f.ActionChange("a-2", vocab.ACTION_TYPE_REPAIR, True, None)),
        fact(11, k.RESPONSE_TIMED),
        fact(12, k.REFERRAL_MADE),
        referral(13, ground=pb.MARAC_REFERRAL_GROUND_ESCALATION),
        fact(14, k.CASE_CLOSED),
        discussed(15, NOW),
        fact(16, k.UNKNOWN),
        fact(17, k.kind_named("a_payload_added_later")),
    ]


def test_each_kind_is_stored_in_its_columns_and_read_back_the_same():
    for original in one_of_each_kind():
        row = fact_row(original)
        assert len(row) == 7 + len(f.Columns._fields) + 1  # and recorded_at
        assert fact_from_row(row) == original, original.kind.name
        recorded = replace(original, recorded_at=NOW + timedelta(minutes=5))
        assert fact_from_row(fact_row(recorded)) == recorded
    stored = fact_row(consent(1, TO_POLICE, TO_PANEL, refused=[vocab.RECIPIENT_DDPO]))
    columns = f.Columns(*stored[7:-2], district=stored[-1])
    assert columns.scopes == [*TO_POLICE, *TO_PANEL]  # flat, ascending by recipient
    assert (columns.refused, columns.level, columns.ref) == ([vocab.RECIPIENT_DDPO], None, None)


def test_a_referral_keeps_its_ground():
    made = event(
        1,
        marac_referral_made=pb.MaracReferralMade(ground=pb.MARAC_REFERRAL_GROUND_VISIBLE_HIGH_RISK),
    )
    decoded = k.decode(made.SerializeToString())
    assert (decoded.kind, decoded.payload) == (
        k.MARAC_REFERRAL,
        f.MaracReferral(pb.MARAC_REFERRAL_GROUND_VISIBLE_HIGH_RISK),
    )


@pytest.mark.parametrize(
    ("assessed", "tool"),
    [
        (
            pb.RiskAssessed(level=HIGH, assessment_tool=vocab.RISK_TOOL_DDPO_ADVOCACY_RISK),
            "ddpo_advocacy_risk",
        ),
        # Published before the tool was an enum.
        (pb.RiskAssessed(level=HIGH, tool="professional_judgement"), "professional_judgement"),
        # A tool newer than this projection is no tool it can name.
        (pb.RiskAssessed(level=HIGH, assessment_tool=999), ""),
    ],
    ids=["enum", "name", "unknown"],
)
def test_an_assessment_keeps_its_level_and_the_tool_by_name(assessed, tool):
    found = k.decode(event(4, risk_assessed=assessed).SerializeToString())
    assert found.payload == f.RiskAssessment(HIGH, tool)
