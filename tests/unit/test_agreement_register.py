"""The register of data-sharing agreements, in memory: dates in order, parties
known, each request applied once, ended once, and which are due for review."""

from datetime import UTC, date, datetime, timedelta

import pytest

from marac.v1 import agreements_pb2
from marac.v1 import vocabulary_pb2 as vocab
from marac.v1.agreements_pb2 import ListAgreementsRequest
from services.audit.agreement_messages import changed
from services.audit.agreement_register import (
    AgreementRegister,
    AgreementStore,
    EndAgreement,
    NoSuchAgreement,
    RecordAgreement,
)
from services.audit.agreements import AlreadyEnded, Party
from services.audit.agreements_grpc import agreements_page, review_due_by
from services.audit.columns import AGREEMENT, columns_of
from services.common.errors import RequestIdReused
from services.common.validation import InvalidRequest, Violations

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
PARTNERS = {"police-1": vocab.AGENCY_KIND_POLICE, "ddpo-1": vocab.AGENCY_KIND_DDPO}
POLICE = Party("police-1", vocab.AGENCY_KIND_POLICE)
DDPO = Party("ddpo-1", vocab.AGENCY_KIND_DDPO)
SUPERSEDED = agreements_pb2.AGREEMENT_END_REASON_SUPERSEDED
IG = "ig-1"


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def register(clock):
    store = AgreementStore(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    return AgreementRegister(store, PARTNERS, clock)


def asked(request_id: str = "R-1", **changes) -> RecordAgreement:
    terms = {
        "request_id": request_id,
        "title": "Hate crime MARAC ISA",
        "parties": (POLICE, DDPO),
        "marac_panel": True,
        "purposes": (vocab.PURPOSE_RISK_ASSESSMENT, vocab.PURPOSE_MARAC_DISCUSSION),
        "categories": (vocab.SHARED_CATEGORY_RISK_LEVEL, vocab.SHARED_CATEGORY_INCIDENTS),
        "lawful_bases": (),
        "starts_at": None,
        "review_date": "2027-06-01",
        "ends_at": None,
    }
    return RecordAgreement(**{**terms, **changes})


def violated(register, command) -> set[str]:
    with pytest.raises(InvalidRequest) as refused:
        register.record(IG, command)
    return {v.field for v in refused.value.violations}


def test_an_agreement_is_recorded_from_now_and_in_force_until_it_ends(register):
    agreement = register.record(IG, asked())
    assert agreement.terms.starts_at == NOW
    assert agreement.terms.review_date == date(2027, 6, 1)
    assert agreement.in_force_at(NOW) and not agreement.in_force_at(NOW - timedelta(seconds=1))
    assert register.agreement(agreement.agreement_id).terms == agreement.terms
    assert agreement.recorded_by == IG


def test_a_retry_is_answered_with_the_same_agreement_and_a_reused_id_refused(register):
    first = register.record(IG, asked())
    assert register.record(IG, asked()).agreement_id == first.agreement_id
    assert len(register.agreements()) == 1
    with pytest.raises(RequestIdReused):
        register.record(IG, asked(title="Another"))
    # Another person's request of the same id is another request.
    assert register.record("ig-2", asked()).agreement_id != first.agreement_id


def test_dates_must_be_in_order(register):
    later = NOW + timedelta(days=30)
    assert violated(register, asked(review_date="2026-12-01")) == {"review_date"}
    assert violated(register, asked(review_date="1 June")) == {"review_date"}
    assert violated(register, asked(ends_at=NOW)) == {"ends_at"}
    assert violated(register, asked(starts_at=later, ends_at=later)) == {"ends_at"}
    assert violated(register, asked(ends_at=NOW + timedelta(days=10))) == {"review_date"}


@pytest.mark.parametrize("raw", ["20270601", "2027-6-1", "2027-06-31", "1 June 2027", "2027-W22-2"])
def test_a_review_date_and_the_day_a_list_asks_by_are_dates_as_yyyy_mm_dd(register, raw):
    assert violated(register, asked(review_date=raw)) == {"review_date"}
    v = Violations()
    assert review_due_by(v, raw) is None
    assert [found.field for found in v.found] == ["review_due_by"]
    assert review_due_by(Violations(), "2027-06-01") == date(2027, 6, 1)
    assert review_due_by(Violations(), "") is None  # every agreement


def test_parties_must_be_agencies_of_the_partnership_with_their_kind(register):
    stranger = Party("fire-1", vocab.AGENCY_KIND_POLICE)
    wrong_kind = Party("police-1", vocab.AGENCY_KIND_DDPO)
    assert violated(register, asked(parties=(POLICE, stranger))) == {"parties[1]"}
    assert violated(register, asked(parties=(wrong_kind,))) == {"parties[0]"}
    assert violated(register, asked(parties=(POLICE,), marac_panel=False)) == {"parties"}
    assert violated(register, asked(parties=(POLICE, POLICE))) == {"parties"}


def test_purposes_categories_and_bases_are_of_the_vocabulary(register):
    fields = violated(
        register, asked(request_id="", title="", purposes=(), categories=(99,), lawful_bases=(0,))
    )
    assert fields == {"request_id", "title", "purposes", "categories[0]", "lawful_bases[0]"}


def test_an_agreement_is_ended_once_and_a_retry_answered(register, clock):
    agreement = register.record(IG, asked())
    clock.now = NOW + timedelta(days=1)
    ended = register.end(IG, EndAgreement("E-1", agreement.agreement_id, SUPERSEDED))
    assert ended.ended_at == clock.now and ended.ended_by == IG
    assert not ended.in_force_at(clock.now)
    assert ended.in_force_at(clock.now - timedelta(microseconds=1))
    assert register.end(IG, EndAgreement("E-1", agreement.agreement_id, SUPERSEDED)) == ended
    with pytest.raises(AlreadyEnded):
        register.end(IG, EndAgreement("E-2", agreement.agreement_id, SUPERSEDED))


def test_an_agreement_past_its_own_end_cannot_be_ended(register, clock):
    agreement = register.record(IG, asked(ends_at=NOW + timedelta(days=365)))
    clock.now = NOW + timedelta(days=366)
    with pytest.raises(AlreadyEnded):
        register.end(IG, EndAgreement("E-1", agreement.agreement_id, SUPERSEDED))


def test_ending_names_a_known_agreement_and_reason(register):
    with pytest.raises(InvalidRequest) as refused:
        register.end(IG, EndAgreement("", "not-an-id", 0))
    assert {v.field for v in refused.value.violations} == {"request_id", "agreement_id", "reason"}
    with pytest.raises(NoSuchAgreement):
        register.end(IG, EndAgreement("E-1", "8b0f3c1e-2f5a-4a86-9d1e-6f0c1a2b3c4d", SUPERSEDED))


def test_agreements_due_for_review_are_those_not_over_with_a_review_date_by_then(register, clock):
    soon = register.record(IG, asked("R-1", review_date="2027-01-15"))
    register.record(IG, asked("R-2", review_date="2027-09-01"))
    ended = register.record(IG, asked("R-3", review_date="2027-01-10"))
    register.end(IG, EndAgreement("E-1", ended.agreement_id, SUPERSEDED))
    due = register.agreements(review_due_by=date(2027, 1, 31))
    assert [a.agreement_id for a in due] == [soon.agreement_id]
    assert len(register.agreements()) == 3


def test_each_change_is_published_as_the_agreement_it_left_and_the_ledger_reads_its_time(
    register, clock
):
    agreement = register.record(IG, asked())
    first = changed(agreement, 7, "m.agreements")
    assert (first.topic, first.key) == ("m.agreements", agreement.agreement_id)
    assert changed(agreement, 7, "m.agreements") == first  # a resend is the same message
    message = agreements_pb2.AgreementChanged.FromString(first.value)
    assert message.sequence == 7 and message.agreement.title == "Hate crime MARAC ISA"
    assert columns_of(AGREEMENT, first.value).recorded_at == NOW
    clock.now = NOW + timedelta(days=2)
    ended = register.end(IG, EndAgreement("E-1", agreement.agreement_id, SUPERSEDED))
    assert columns_of(AGREEMENT, changed(ended, 8, "m.agreements").value).recorded_at == clock.now
    assert columns_of(AGREEMENT, first.value).agency_id is None


def test_the_register_is_listed_a_page_at_a_time_each_agreement_once(register):
    recorded = [register.record(IG, asked(f"P-{n}", review_date="2027-01-10")) for n in range(5)]
    shown, token, pages = [], "", 0
    while True:
        page = agreements_page(register, ListAgreementsRequest(page_size=2, page_token=token))
        shown += [a.agreement_id for a in page.agreements]
        pages += 1
        token = page.next_page_token
        if not token:
            break
    assert pages == 3
    assert shown == [a.agreement_id for a in register.agreements()] and len(shown) == 5
    assert set(shown) == {a.agreement_id for a in recorded}
    # A token is for its own list: not for the list of those due for review.
    first = agreements_page(register, ListAgreementsRequest(page_size=2))
    other = ListAgreementsRequest(
        review_due_by="2027-01-31", page_token=first.next_page_token, page_size=-1
    )
    with pytest.raises(InvalidRequest) as refused:
        agreements_page(register, other)
    assert sorted(v.field for v in refused.value.violations) == ["page_size", "page_token"]


def test_a_list_asked_without_a_page_size_is_its_first_50_with_a_token_as_every_list(register):
    """Before ListAgreements paged it answered every agreement: now, as every List RPC,
    no page_size is 50 and a next_page_token (the proto says so); more than 200 is 200."""
    for n in range(51):
        register.record(IG, asked(f"P-{n}", review_date="2027-01-10"))
    first = agreements_page(register, ListAgreementsRequest())
    assert len(first.agreements) == 50 and first.next_page_token
    rest = agreements_page(register, ListAgreementsRequest(page_token=first.next_page_token))
    assert len(rest.agreements) == 1 and not rest.next_page_token
    assert len(agreements_page(register, ListAgreementsRequest(page_size=500)).agreements) == 51
