"""Every process of the stack serves Prometheus metrics on a loopback port, and an
operator sees them move while the four agencies' scenario is played: calls by method
and code, group commits, relay lag, the projection's consumer lag, refusals by
reason and the ledger's head. No planted personal value is in any scrape."""

import ssl
import time
import urllib.error
import urllib.request

import grpc
import pytest
from prometheus_client.parser import text_string_to_metric_families

from deploy.local import scenario
from deploy.local.pki import PKI_DIR
from marac.v1 import riskview_pb2
from tests.e2e.canaries import CANARIES, CANARY_VICTIM
from tests.e2e.test_walking_skeleton import WAIT_SECONDS

RECORD_CRIME = "/marac.v1.PoliceService/RecordCrime"  # the scenario's police command


def scrape(address: str) -> str:
    """The endpoint's metrics, waiting while its process starts (the stack waits
    for its servers only, not for its relays, projection and web app)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            with urllib.request.urlopen(f"http://{address}/metrics", timeout=5) as answer:
                assert answer.status == 200
                return answer.read().decode()
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def samples(text: str) -> dict[tuple[str, frozenset], float]:
    """Each sample by name and labels."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(scraped: dict, name: str, **labels: str) -> float:
    return scraped.get((name, frozenset(labels.items())), 0.0)


def total(scraped: dict, name: str) -> float:
    return sum(v for (n, _), v in scraped.items() if n == name)


@pytest.fixture(scope="module")
def before(stack):
    return {name: samples(scrape(stack.metrics_address(name))) for name in stack.processes}


def test_each_process_serves_metrics_that_move_with_the_scenario(stack, before, riskview):
    scenario.play(stack.agency_channel, CANARY_VICTIM)
    # A call without a person's token: refused, and counted by its reason.
    with pytest.raises(grpc.RpcError) as refused:
        riskview.GetCaseView(riskview_pb2.GetCaseViewRequest(case_reference="POL-0001"))
    assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED
    # A page of the web app, asked with something typed in its query.
    tls = ssl.create_default_context(cafile=str(PKI_DIR / "ca.pem"))
    page = f"{stack.web_url}/sign-in?next={CANARY_VICTIM.family_name}"
    with urllib.request.urlopen(page, context=tls, timeout=10) as answer:
        assert answer.status == 200

    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        after = {name: samples(scrape(stack.metrics_address(name))) for name in stack.processes}
        relays_caught_up = all(
            total(after[name], "marac_relay_lag_notifications") == 0
            for name in stack.processes
            if name.endswith("-relay")
        )
        if relays_caught_up or time.monotonic() > deadline:
            break
        time.sleep(0.5)

    police, was = after["police"], before["police"]
    assert value(police, "marac_grpc_calls_total", method=RECORD_CRIME, code="OK") > value(
        was, "marac_grpc_calls_total", method=RECORD_CRIME, code="OK"
    )
    assert value(police, "marac_grpc_call_seconds_count", method=RECORD_CRIME) > value(
        was, "marac_grpc_call_seconds_count", method=RECORD_CRIME
    )
    assert total(police, "marac_group_commit_commands_count") > total(
        was, "marac_group_commit_commands_count"
    )
    assert value(after["riskview"], "marac_refusals_total", reason="no_token") > value(
        before["riskview"], "marac_refusals_total", reason="no_token"
    )
    assert relays_caught_up, "a relay's lag did not come back to 0"
    assert value(
        after["web"], "marac_http_requests_total", route="/sign-in", method="GET", status="200"
    ) > value(
        before["web"], "marac_http_requests_total", route="/sign-in", method="GET", status="200"
    )
    relays = [name for name in stack.processes if name.endswith("-relay")]
    assert relays and all(
        any(n == "marac_relay_lag_notifications" for n, _ in after[r]) for r in relays
    )
    workers = [name for name in stack.processes if name.startswith("projection")]
    assert workers and all(
        any(n == "marac_projection_consumer_lag_records" for n, _ in after[w]) for w in workers
    )
    assert total(after["audit"], "marac_ledger_entries") > total(
        before["audit"], "marac_ledger_entries"
    )


def test_no_scrape_carries_a_planted_value(stack, before):
    scraped = "".join(scrape(stack.metrics_address(name)) for name in stack.processes)
    for canary in CANARIES:
        assert canary not in scraped
