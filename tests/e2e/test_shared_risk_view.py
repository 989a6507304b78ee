"""Issue 5's scenario on the real stack: the consent-aware shared risk view.

Each recipient sees only what the victim agreed to or a recorded lawful basis
allows; the chair's agenda flags cumulative harm; an override shows the police
the DDPO's contribution until it expires; a withdrawal removes a contribution;
and every disclosure is an event on the disclosure topic."""

import time
import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from deploy.local import scenario
from marac.v1 import access_log_pb2, disclosure_pb2, riskview_pb2, riskview_pb2_grpc
from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import agency_case_pb2_grpc as case_grpc
from marac.v1 import case_events_pb2 as events_pb
from marac.v1 import vocabulary_pb2 as vocab
from services.common.contract import timestamp
from services.common.principals import TEST_CLIENT
from tests.e2e.canaries import CANARIES, CANARY_VICTIM
from tests.e2e.test_privacy_and_recovery import keys_and_values
from tests.e2e.test_walking_skeleton import WAIT_SECONDS
from tests.people import Issuer, RiskViewPeople, bearer

OVERRIDE_SECONDS = 12


def eventually(check, what: str, seconds: float = WAIT_SECONDS):
    """Polls `check` until it returns something truthy; bounded."""
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            last = check()
            if last:
                return last
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.NOT_FOUND:
                raise
        time.sleep(0.2)
    raise AssertionError(f"{what} not seen within {seconds}s (last: {last})")


@pytest.fixture(scope="module")
def played(stack):
    return scenario.play(stack.agency_channel, CANARY_VICTIM)


@pytest.fixture(scope="module")
def key(stack, played) -> str:
    """Her match key, as the operator computes it (no agency service returns it)."""
    return stack.match_key(played.subject)


@pytest.fixture(scope="module")
def view(stack):
    with stack.channel("riskview", TEST_CLIENT) as channel:
        yield RiskViewPeople(riskview_pb2_grpc.RiskViewServiceStub(channel), stack)


def agenda_item(view, key: str):
    for page_token in iter_pages(view):
        for item in page_token.items:
            if item.handle == view.handle(key):
                return item
    return None


def iter_pages(view):
    token = ""
    while True:
        page = view.as_("chair").ListAgenda(
            riskview_pb2.ListAgendaRequest(page_size=100, page_token=token)
        )
        yield page
        token = page.next_page_token
        if not token:
            return


def agency_ids(contributions) -> set[str]:
    return {c.agency_id for c in contributions}


def police_view(view, played):
    return view.as_("police-rep").GetCaseView(
        riskview_pb2.GetCaseViewRequest(case_reference=played.case_references["police"])
    )


def test_the_chair_sees_cumulative_harm_naming_the_agencies(view, played, key):
    def flagged():
        item = agenda_item(view, key)
        reasons = {r.rule: r for r in item.reasons} if item else {}
        harm = reasons.get(riskview_pb2.ELIGIBILITY_RULE_CUMULATIVE_HARM)
        return harm if harm and len(harm.agencies) >= 3 else None

    harm = eventually(flagged, "cumulative harm on the agenda")
    assert {a.agency_id for a in harm.agencies} == {
        "local-social_landlord", "local-ddpo", "local-victim_support"
    }  # fmt: skip
    opened = view.as_("chair").GetAgendaItem(
        riskview_pb2.GetAgendaItemRequest(handle=view.handle(key), meeting_id="MARAC-E2E")
    )
    # The police case has no consent to share with the panel.
    assert agency_ids(opened.contributions) == {
        "local-social_landlord", "local-ddpo", "local-victim_support"
    }  # fmt: skip
    assert opened.disclosure_id


def test_the_police_do_not_see_the_ddpo_until_an_override_and_not_after_it_expires(
    stack, view, played
):
    own = eventually(lambda: police_view(view, played).contributions, "the police's own case")
    assert agency_ids(own) == {"local-police"}

    with stack.agency_channel("ddpo") as channel:
        expires = datetime.now(UTC) + timedelta(seconds=OVERRIDE_SECONDS)
        override_id = case_grpc.AgencyCaseServiceStub(channel).RecordOverride(
            case_pb.RecordOverrideRequest(
                request_id=str(uuid.uuid4()), case_reference=played.case_references["ddpo"],
                basis=vocab.LAWFUL_BASIS_SAFEGUARDING_INDIVIDUALS_AT_RISK,
                scopes=[events_pb.ConsentScope(recipient=vocab.RECIPIENT_POLICE,
                                               purpose=vocab.PURPOSE_RISK_ASSESSMENT)],
                authoriser="Canary Authoriser", authoriser_role="designated_safeguarding_lead",
                reason="canary-reason: threats escalating", expires_at=timestamp(expires),
            )
        ).override_id  # fmt: skip

    def with_ddpo():
        seen = police_view(view, played)
        return seen if "local-ddpo" in agency_ids(seen.contributions) else None

    seen = eventually(with_ddpo, "the DDPO contribution under the override", OVERRIDE_SECONDS)
    (ddpo,) = [c for c in seen.contributions if c.agency_id == "local-ddpo"]
    assert ddpo.sharing_basis == riskview_pb2.SHARING_BASIS_OVERRIDE
    assert ddpo.override_id == override_id
    assert seen.disclosure_id
    disclosure_ids = {seen.disclosure_id}

    def without_ddpo():
        return "local-ddpo" not in agency_ids(police_view(view, played).contributions)

    eventually(without_ddpo, "the override's expiry", OVERRIDE_SECONDS + 15)
    assert datetime.now(UTC) >= expires - timedelta(seconds=1)

    disclosed = {
        d.disclosure_id: d
        for d in (
            disclosure_pb2.Disclosure.FromString(value)
            for _, value in keys_and_values(stack.disclosure_topic)
        )
    }
    for disclosure_id in disclosure_ids:
        record = disclosed[disclosure_id]
        assert (record.caller.agency_id, record.caller.agency) == (
            "local-police",
            vocab.AGENCY_KIND_POLICE,
        )
        assert record.caller.user_id.startswith("usr_")  # the directory's id, not a name
        assert record.caller.issuer == "urn:marac-hub:identity"
        assert record.purpose == vocab.PURPOSE_RISK_ASSESSMENT
        (shown,) = record.contributions
        assert (shown.agency_id, shown.basis, shown.override_id) == (
            "local-ddpo", disclosure_pb2.DISCLOSURE_BASIS_OVERRIDE, override_id
        )  # fmt: skip


def test_a_withdrawal_at_victim_support_removes_it_from_the_chairs_view(stack, view, played, key):
    eventually(lambda: agenda_item(view, key), "the subject on the agenda")
    with stack.agency_channel("victim_support") as channel:
        case_grpc.AgencyCaseServiceStub(channel).RecordConsent(
            case_pb.RecordConsentRequest(
                request_id=str(uuid.uuid4()),
                case_reference=played.case_references["victim_support"],
                consent=case_pb.Consent(),
            )
        )

    def withdrawn():
        opened = view.as_("chair").GetAgendaItem(
            riskview_pb2.GetAgendaItemRequest(handle=view.handle(key))
        )
        return opened if "local-victim_support" not in agency_ids(opened.contributions) else None

    opened = eventually(withdrawn, "the withdrawal in the chair's view", 15)
    assert agency_ids(opened.contributions) == {"local-social_landlord", "local-ddpo"}
    on_topic = {
        disclosure_pb2.Disclosure.FromString(value).disclosure_id
        for _, value in keys_and_values(stack.disclosure_topic)
    }
    assert opened.disclosure_id in on_topic


def test_ig_staff_and_guessed_keys_see_nothing(view, played, key):
    with pytest.raises(grpc.RpcError) as error:
        view.as_("ig").ListAgenda(riskview_pb2.ListAgendaRequest())
    assert error.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as error:
        view.as_("police-rep").GetCaseView(
            riskview_pb2.GetCaseViewRequest(
                case_reference=played.case_references["social_landlord"]
            )
        )
    assert error.value.code() in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.PERMISSION_DENIED)
    # Neither a guessed key nor the subject's own match key opens an item.
    for guess in ("0" * 64, key):
        with pytest.raises(grpc.RpcError) as error:
            view.as_("chair").GetAgendaItem(riskview_pb2.GetAgendaItemRequest(handle=guess))
        assert error.value.code() == grpc.StatusCode.NOT_FOUND


def test_a_body_that_claims_to_be_a_chair_without_a_token_is_unauthenticated(view):
    claimed = disclosure_pb2.Caller(role=disclosure_pb2.CALLER_ROLE_MARAC_CHAIR, user_id="x")
    with pytest.raises(grpc.RpcError) as error:
        view.stub.ListAgenda(riskview_pb2.ListAgendaRequest(caller=claimed))
    assert error.value.code() == grpc.StatusCode.UNAUTHENTICATED


def access_entries(stack) -> list[access_log_pb2.AccessLogEntry]:
    return [
        access_log_pb2.AccessLogEntry.FromString(value)
        for _, value in keys_and_values(stack.access_log_topic)
    ]


def test_a_chairs_view_of_an_item_is_in_the_access_log_by_its_handle(stack, view, played, key):
    handle = view.handle(key)
    eventually(lambda: agenda_item(view, key), "her item on the agenda")
    view.as_("chair").GetAgendaItem(riskview_pb2.GetAgendaItemRequest(handle=handle))
    (entry, *_) = [
        e
        for e in access_entries(stack)
        if e.method == "/marac.v1.RiskViewService/GetAgendaItem" and e.subject_handle == handle
    ]
    assert (entry.service, entry.principal) == ("riskview", "client/test")
    assert entry.decision == access_log_pb2.ACCESS_DECISION_ALLOWED and entry.code == 0
    assert entry.person.role == disclosure_pb2.CALLER_ROLE_MARAC_CHAIR
    assert entry.person.user_id and entry.request_id


def test_the_access_log_holds_nothing_personal_of_what_was_asked(stack, view, played, key):
    """Her details planted where a caller could put them (a case reference, a
    handle, a token's subject): the topic's bytes hold none of them, nor her key."""
    given, family = CANARY_VICTIM.given_name, CANARY_VICTIM.family_name
    police = case_grpc.AgencyCaseServiceStub
    with stack.agency_channel("police") as channel:
        for reference in (given, f"{family} {given}", CANARY_VICTIM.postcode):
            with pytest.raises(grpc.RpcError):
                police(channel).GetCase(case_pb.GetCaseRequest(case_reference=reference))
    for asked in (given, key, CANARY_VICTIM.address):
        with pytest.raises(grpc.RpcError):
            view.as_("chair").GetAgendaItem(riskview_pb2.GetAgendaItemRequest(handle=asked))
    forged = Issuer().token({"sub": given, "role": "chair"})
    with pytest.raises(grpc.RpcError):
        view.stub.ListAgenda(riskview_pb2.ListAgendaRequest(), metadata=bearer(forged))
    raw = b"".join(k + v for k, v in keys_and_values(stack.access_log_topic))
    assert raw
    for canary in (*CANARIES, key):
        assert canary.encode() not in raw, canary
        assert canary.upper().encode() not in raw, canary
