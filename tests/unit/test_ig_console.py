"""The IG console's reading of ledger entries (no database): the search's query and
filters, a subject's history and access report made from the entries (nobody
else's), and its requests checked without echoing a value."""

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from marac.v1 import access_log_pb2, audit_pb2, case_events_pb2, disclosure_pb2, vocabulary_pb2
from services.audit import console_grpc
from services.audit.columns import ACCESS, CASE_EVENT, DISCLOSURE, READING
from services.audit.console import (
    Case,
    EntrySearch,
    history_of,
    listed,
    matches,
    search_sql,
)
from services.audit.ig_console import Found
from services.audit.ledger import Head, Record, Source, chained, read_records, verify
from services.common.validation import InvalidRequest

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
ALICE, BOB = "a" * 64, "b" * 64
POLICE, LANDLORD = "local-police", "local-social_landlord"


def stamp(minutes: int) -> Timestamp:
    moment = Timestamp()
    moment.FromDatetime(NOW + timedelta(minutes=minutes))
    return moment


def case_event(subject, agency_id, reference, minutes, **payload) -> tuple[str, bytes]:
    event = case_events_pb2.CaseEvent(
        event_id=f"{reference}-{minutes}", agency=1, agency_id=agency_id, subject_key=subject,
        case_reference=reference, recorded_at=stamp(minutes), **payload,
    )  # fmt: skip
    return CASE_EVENT, event.SerializeToString()


def disclosure(subject, disclosure_id, user_id, minutes) -> tuple[str, bytes]:
    shown = disclosure_pb2.Disclosure(
        disclosure_id=disclosure_id,
        caller=disclosure_pb2.Caller(role=disclosure_pb2.CALLER_ROLE_MARAC_CHAIR, user_id=user_id),
        subject_key=subject,
        contributions=[
            disclosure_pb2.DisclosedContribution(
                agency_id=POLICE, case_reference="CR/1/26",
                basis=disclosure_pb2.DISCLOSURE_BASIS_CONSENT,
            )
        ],
        disclosed_at=stamp(minutes),
        meeting_id="m-1",
    )  # fmt: skip
    return DISCLOSURE, shown.SerializeToString()


def call(reference, decision, minutes, user_id="usr_chair-1", agency_id="") -> tuple[str, bytes]:
    entry = access_log_pb2.AccessLogEntry(
        request_id=f"r-{minutes}", at=stamp(minutes), service="riskview",
        person=disclosure_pb2.Caller(user_id=user_id, agency_id=agency_id),
        method="/marac.v1.RiskViewService/GetCaseView", case_reference=reference,
        decision=decision, code=7 if decision == REFUSED else 0,
    )  # fmt: skip
    return ACCESS, entry.SerializeToString()


REFUSED = access_log_pb2.ACCESS_DECISION_REFUSED
ALLOWED = access_log_pb2.ACCESS_DECISION_ALLOWED
CONSENT = case_events_pb2.ConsentRecorded(
    scopes=[case_events_pb2.ConsentScope(recipient=1, purpose=1)],
    change=case_events_pb2.CONSENT_CHANGE_GIVEN,
)
WITHDRAWN = case_events_pb2.ConsentRecorded(change=case_events_pb2.CONSENT_CHANGE_WITHDRAWN)


def override(override_id: str, expires_in_minutes: int) -> case_events_pb2.OverrideRecorded:
    return case_events_pb2.OverrideRecorded(
        override_id=override_id,
        basis=vocabulary_pb2.LAWFUL_BASIS_SAFEGUARDING_INDIVIDUALS_AT_RISK,
        authorising_role=1,
        expires_at=stamp(expires_in_minutes),
    )


def entries(*records: tuple[str, bytes]):
    return chained(
        read_records(
            [Record(Source("t", 0, n), kind, value) for n, (kind, value) in enumerate(records)],
            READING,
        ),
        Head(),
    )


def ledger():
    return entries(
        case_event(ALICE, POLICE, "CR/1/26", 0, case_opened=case_events_pb2.CaseOpened()),
        case_event(ALICE, POLICE, "CR/1/26", 1, consent_recorded=CONSENT),
        case_event(ALICE, LANDLORD, "HSG-1", 2, override_recorded=override("o-old", 30)),
        case_event(ALICE, LANDLORD, "HSG-1", 3, override_recorded=override("o-now", 24 * 60)),
        case_event(ALICE, LANDLORD, "HSG-1", 4, override_recorded=override("o-gone", 24 * 60)),
        case_event(ALICE, LANDLORD, "HSG-1", 5, override_revoked=case_events_pb2.OverrideRevoked(
            override_id="o-gone")),
        case_event(BOB, POLICE, "CR/2/26", 6, consent_recorded=CONSENT),
        disclosure(ALICE, "d-alice-1", "usr_chair-1", 7),
        disclosure(BOB, "d-bob-1", "usr_chair-1", 8),
        disclosure(ALICE, "d-alice-2", "usr_chair-10", 9),
        disclosure(ALICE, "d-alice-1", "usr_chair-1", 7),  # published twice
        case_event(ALICE, POLICE, "CR/1/26", 10, consent_recorded=WITHDRAWN),
    )  # fmt: skip


def alice_history(at: datetime = NOW + timedelta(hours=1)) -> audit_pb2.SubjectHistory:
    kept = ledger()
    calls = entries(
        call("CR/1/26", REFUSED, 11),  # a chair refused the police case
        call("CR/1/26", ALLOWED, 12, "usr_police-1", POLICE),
        call("CR/1/26", REFUSED, 13, "usr_landlord-1", LANDLORD),  # the landlord's own CR/1/26
        call("CR/2/26", REFUSED, 14),  # Bob's case
    )
    return history_of([e for e in kept if e.columns.subject == ALICE], calls, at)


def test_a_subjects_history_holds_each_disclosure_about_them_once_and_no_one_elses():
    history = alice_history()
    assert [d.disclosure_id for d in history.disclosures] == ["d-alice-1", "d-alice-2"]
    assert {(c.agency_id, c.case_reference) for c in history.cases} == {
        (POLICE, "CR/1/26"),
        (LANDLORD, "HSG-1"),
    }
    assert history.disclosures[0].meeting_id == "m-1"
    assert history.disclosures[0].contributions[0].basis == disclosure_pb2.DISCLOSURE_BASIS_CONSENT


def test_past_retention_the_history_still_shows_each_disclosure_and_case_not_their_content():
    kept = [
        dataclasses.replace(e, value=None) if e.kind == CASE_EVENT else e
        for e in ledger()
        if e.columns.subject == ALICE
    ]
    history = history_of(kept, [], NOW + timedelta(hours=1))
    assert history.disclosures == alice_history().disclosures
    assert len(history.disclosures) == 2
    assert {(c.agency_id, c.case_reference) for c in history.cases} == {
        (POLICE, "CR/1/26"),
        (LANDLORD, "HSG-1"),
    }
    assert not history.consents and not history.overrides
    assert listed(kept[1]).event == "consent_recorded"


def test_after_a_case_is_erased_the_history_still_shows_each_disclosure_and_the_case():
    """Erasure destroys the agency's key of the case; the ledger never needed it, so
    the case's entries, their disclosures and the erasure itself all still read."""
    erased = case_event(ALICE, POLICE, "CR/1/26", 11, case_erased=case_events_pb2.CaseErased())
    kept = entries(*[(e.kind, e.value) for e in ledger()], erased)
    assert verify(kept, READING).ok
    history = history_of([e for e in kept if e.columns.subject == ALICE], [], NOW)
    assert history.disclosures == alice_history().disclosures and len(history.disclosures) == 2
    assert (POLICE, "CR/1/26") in {(c.agency_id, c.case_reference) for c in history.cases}
    assert listed(kept[-1]).event == "case_erased"


def test_consent_history_is_every_consent_recorded_in_order():
    changes = [c.change for c in alice_history().consents]
    assert changes == [
        case_events_pb2.CONSENT_CHANGE_GIVEN,
        case_events_pb2.CONSENT_CHANGE_WITHDRAWN,
    ]
    assert alice_history().consents[0].scopes[0].recipient == 1


def test_consents_are_in_the_order_recorded_whatever_order_the_ledger_met_them():
    late = entries(
        case_event(ALICE, POLICE, "CR/1/26", 30, consent_recorded=WITHDRAWN),
        case_event(ALICE, LANDLORD, "HSG-1", 20, consent_recorded=CONSENT),
    )
    history = history_of(late, [], NOW)
    assert [c.agency_id for c in history.consents] == [LANDLORD, POLICE]


def test_overrides_are_in_force_expired_or_revoked_as_of_the_reading():
    states = {o.override_id: o.state for o in alice_history().overrides}
    assert states == {
        "o-old": audit_pb2.OVERRIDE_STATE_EXPIRED,
        "o-now": audit_pb2.OVERRIDE_STATE_IN_FORCE,
        "o-gone": audit_pb2.OVERRIDE_STATE_REVOKED,
    }
    early = {o.override_id: o.state for o in alice_history(NOW).overrides}
    assert early["o-old"] == audit_pb2.OVERRIDE_STATE_IN_FORCE
    found = next(o for o in alice_history().overrides if o.override_id == "o-now")
    assert (found.basis, found.authorising_role) == (
        vocabulary_pb2.LAWFUL_BASIS_SAFEGUARDING_INDIVIDUALS_AT_RISK,
        1,
    )


def test_refusals_and_views_are_the_calls_about_the_subjects_cases():
    history = alice_history()
    assert [r.request_id for r in history.refusals] == ["r-11"]
    assert [v.request_id for v in history.views] == ["r-12"]


def test_the_search_query_combines_every_filter_given():
    since, until = NOW, NOW + timedelta(days=1)
    search = EntrySearch(POLICE, "CR/1/26", "usr_chair-1", since, until)
    sql, params = search_sql(search, 500, 51)
    assert sql.startswith("WHERE agency_id = %s AND case_reference = %s AND recorded_at >= %s")
    assert "position < %s" in sql and sql.endswith("ORDER BY position DESC LIMIT %s")
    assert params == [
        POLICE,
        "CR/1/26",
        since,
        until,
        [DISCLOSURE, ACCESS],
        b"usr_chair-1",
        500,
        51,
    ]
    only_time, params = search_sql(EntrySearch(since=since), None, 10)
    assert only_time == "WHERE recorded_at >= %s ORDER BY position DESC LIMIT %s"
    assert params == [since, 10]


def test_a_user_search_keeps_the_entries_naming_that_person_not_a_longer_id():
    search = EntrySearch(user_id="usr_chair-1")
    kept = [listed(e).disclosure_id for e in ledger() if matches(search, e)]
    assert kept == ["d-alice-1", "d-bob-1", "d-alice-1"]


def test_a_listed_case_event_says_what_happened_never_its_content():
    shown = listed(ledger()[1])
    assert (shown.kind, shown.event, shown.agency_id) == ("case_event", "consent_recorded", POLICE)
    assert shown.recorded_at == stamp(1)
    assert set(audit_pb2.LedgerEntry.DESCRIPTOR.fields_by_name) >= {"event", "method"}
    assert "scopes" not in str(shown)


def fields_of(error: InvalidRequest) -> dict[str, str]:
    return {v.field: v.description for v in error.violations}


def test_a_search_needs_a_filter_and_names_each_bad_field_without_its_value():
    with pytest.raises(InvalidRequest) as nothing:
        console_grpc.search_of(audit_pb2.FindEntriesRequest())
    assert set(fields_of(nothing.value)) == {"filter"}
    bad = audit_pb2.FindEntriesRequest(
        agency_id="Jane Smith", case_reference="jane smith", user_id="Jané", page_token="x"
    )
    with pytest.raises(InvalidRequest) as refused:
        console_grpc.search_of(bad)
    assert set(fields_of(refused.value)) == {"agency_id", "case_reference", "user_id", "page_token"}
    assert "Jan" not in str(refused.value) and "smith" not in str(refused.value).lower()


def test_a_period_needs_both_ends_in_order():
    with pytest.raises(InvalidRequest) as missing:
        console_grpc.period_of(audit_pb2.ListDisclosuresRequest())
    assert set(fields_of(missing.value)) == {"from", "until"}
    backwards = audit_pb2.ListDisclosuresRequest(**{"from": stamp(10)}, until=stamp(0))
    with pytest.raises(InvalidRequest) as refused:
        console_grpc.period_of(backwards)
    assert fields_of(refused.value) == {"until": "must be after from"}
    since, until, after, size = console_grpc.period_of(
        audit_pb2.ListDisclosuresRequest(**{"from": stamp(0)}, until=stamp(10), page_size=500)
    )
    assert (until - since, after, size) == (timedelta(minutes=10), 0, 200)


def test_a_page_token_continues_only_the_search_it_was_issued_for():
    search, _, _ = console_grpc.search_of(audit_pb2.FindEntriesRequest(agency_id=POLICE))
    page = console_grpc.entries_page(search, Found([], 42))
    again = audit_pb2.FindEntriesRequest(agency_id=POLICE, page_token=page.next_page_token)
    assert console_grpc.search_of(again)[1] == 42
    other = audit_pb2.FindEntriesRequest(agency_id=LANDLORD, page_token=page.next_page_token)
    with pytest.raises(InvalidRequest):
        console_grpc.search_of(other)


def test_a_subject_is_named_by_an_agency_id_and_case_reference_or_by_a_handle():
    assert console_grpc.subject_of(
        audit_pb2.GetSubjectHistoryRequest(agency_id=POLICE, case_reference="CR/1/26")
    ) == Case(POLICE, "CR/1/26")
    with pytest.raises(InvalidRequest) as refused:
        console_grpc.subject_of(audit_pb2.GetSubjectAccessReportRequest())
    assert set(fields_of(refused.value)) == {"agency_id", "case_reference"}
    handle = "h" * 64
    assert console_grpc.subject_of(audit_pb2.GetSubjectHistoryRequest(handle=handle)) == handle
    both = audit_pb2.GetSubjectHistoryRequest(handle="Jane Doe", agency_id=POLICE)
    with pytest.raises(InvalidRequest) as refused:
        console_grpc.subject_of(both)
    assert set(fields_of(refused.value)) == {"handle", "agency_id"}
    assert "Jane" not in str(refused.value)


def test_calls_naming_the_subjects_handle_are_theirs_and_each_counts_once():
    handle, other = "h" * 64, "o" * 64
    opened = access_log_pb2.AccessLogEntry(
        request_id="r-item", at=stamp(20), service="riskview",
        method="/marac.v1.RiskViewService/GetAgendaItem", subject_handle=handle,
        decision=ALLOWED,
    )  # fmt: skip
    elsewhere = access_log_pb2.AccessLogEntry(
        request_id="r-other", subject_handle=other, decision=REFUSED, code=7
    )
    calls = entries(
        call("CR/1/26", REFUSED, 11),
        (ACCESS, opened.SerializeToString()),
        (ACCESS, elsewhere.SerializeToString()),
    )
    kept = [e for e in ledger() if e.columns.subject == ALICE]
    history = history_of(kept, [*calls, calls[0]], NOW, [handle])
    assert [v.request_id for v in history.views] == ["r-item"]
    assert [r.request_id for r in history.refusals] == ["r-11"]
