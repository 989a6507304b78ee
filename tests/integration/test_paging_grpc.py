"""Long lists of a case read a page at a time over gRPC, on the real police process
answering queries from request processes: a case with more incidents than a page,
and one whose incidents together are past the 4 MiB a server sends (GetCase
answered RESOURCE_EXHAUSTED before), read back page by page, in order, none missing
or doubled, with an incident recorded meanwhile; bad page tokens refused naming
page_token, never echoed. The landlord's and the DDPO's lists are paged alike
(tests/integration/test_paging_agencies_grpc.py)."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from marac.v1 import agency_case_pb2 as pb
from marac.v1 import agency_case_pb2_grpc as pb_grpc
from marac.v1 import case_events_pb2 as events_pb
from marac.v1 import vocabulary_pb2 as vocab
from services.common.contract import timestamp
from services.common.grpc_limits import MAX_RESPONSE_BYTES
from tests.support import agency_service, field_violations

LARGE = "\U0001f600" * 10_000  # a narrative at its maximum: 40 KB


@pytest.fixture(scope="module")
def kernel(create_database, tmp_path_factory):
    with agency_service(
        "police",
        create_database("paging_grpc"),
        tmp_path_factory.mktemp("paging"),
        request_processes=2,
    ) as channel:
        yield pb_grpc.AgencyCaseServiceStub(channel)


def open_case(kernel) -> str:
    reference = f"PG-{uuid.uuid4().hex[:8].upper()}"
    kernel.OpenCase(
        pb.OpenCaseRequest(
            request_id=str(uuid.uuid4()),
            case_reference=reference,
            subject=pb.SubjectIdentity(
                given_name="Ann", family_name="Smith", date_of_birth="1980-02-03", postcode="L4 0TH"
            ),
        )
    )
    return reference


def record(kernel, reference: str, narrative: str) -> str:
    return kernel.RecordIncident(
        pb.RecordIncidentRequest(
            request_id=str(uuid.uuid4()),
            case_reference=reference,
            occurred_at=timestamp(datetime(2026, 11, 20, 21, 30, tzinfo=UTC)),
            strands=[vocab.STRAND_DISABILITY],
            classification=vocab.HATE_CLASSIFICATION_HATE_INCIDENT,
            perceived_by=[vocab.PERCEIVER_VICTIM],
            location_postcode="L4 0TH",
            narrative=narrative,
        ),
        timeout=10,
    ).incident_id


def read_incidents(kernel, reference: str, page_size: int, after_page: Callable = lambda n: None):
    """Every incident from GetCase's first page to ListIncidents' last, and each
    response's size; `after_page(n)` runs after the n-th page."""
    case = kernel.GetCase(pb.GetCaseRequest(case_reference=reference))
    sizes = [case.ByteSize()]
    seen = [(i.incident_id, i.narrative) for i in case.incidents]
    token = case.incidents_next_page_token
    while token:
        after_page(len(sizes))
        page = kernel.ListIncidents(
            pb.ListIncidentsRequest(case_reference=reference, page_size=page_size, page_token=token)
        )
        sizes.append(page.ByteSize())
        seen += [(i.incident_id, i.narrative) for i in page.incidents]
        token = page.next_page_token
    return case, seen, sizes


def test_a_case_with_more_incidents_than_a_page_is_read_back_page_by_page(kernel):
    reference = open_case(kernel)
    recorded = [record(kernel, reference, f"Incident {n}.") for n in range(130)]

    def record_one_more(page: int) -> None:
        if page == 2:  # recorded while the caller pages: it comes last, once
            recorded.append(record(kernel, reference, "Recorded meanwhile."))

    case, seen, sizes = read_incidents(kernel, reference, 40, record_one_more)
    assert case.incident_count == 130
    assert len(case.incidents) == 50 and case.incidents_next_page_token
    assert [incident_id for incident_id, _ in seen] == recorded
    assert [narrative for _, narrative in seen[:-1]] == [f"Incident {n}." for n in range(130)]
    assert len(sizes) == 1 + 3  # 50 in GetCase, then 40, 40 and the last 1 + 0 + 1


def test_a_case_past_the_send_limit_is_read_back_in_pages_that_fit(kernel):
    reference = open_case(kernel)
    recorded = [record(kernel, reference, f"{n:03d}{LARGE[3:]}") for n in range(110)]
    assert 110 * len(LARGE.encode()) > MAX_RESPONSE_BYTES

    case, seen, sizes = read_incidents(kernel, reference, 200)
    print(f"\n110 incidents of 40 KB: GetCase and pages of {sizes} bytes")
    assert case.incident_count == 110
    assert [incident_id for incident_id, _ in seen] == recorded
    assert [narrative[:3] for _, narrative in seen] == [f"{n:03d}" for n in range(110)]
    assert max(sizes) <= 1.1 * 1024 * 1024  # pages of about 1 MiB at most
    assert len(sizes) <= 7


def test_a_case_that_fits_a_page_has_no_next_page(kernel):
    reference = open_case(kernel)
    only = record(kernel, reference, "Only one.")
    case = kernel.GetCase(pb.GetCaseRequest(case_reference=reference))
    assert [i.incident_id for i in case.incidents] == [only]
    assert (case.incidents_next_page_token, case.incident_count) == ("", 1)
    assert (case.overrides_next_page_token, case.override_count) == ("", 0)
    listed = kernel.ListIncidents(pb.ListIncidentsRequest(case_reference=reference))
    assert ([i.incident_id for i in listed.incidents], listed.next_page_token) == ([only], "")


def test_overrides_are_read_a_page_at_a_time(kernel):
    reference = open_case(kernel)
    expires = timestamp(datetime.now(UTC) + timedelta(days=7))
    recorded = [
        kernel.RecordOverride(
            pb.RecordOverrideRequest(
                request_id=str(uuid.uuid4()),
                case_reference=reference,
                basis=vocab.LAWFUL_BASIS_SAFEGUARDING_INDIVIDUALS_AT_RISK,
                scopes=[
                    events_pb.ConsentScope(
                        recipient=vocab.RECIPIENT_MARAC_PANEL,
                        purpose=vocab.PURPOSE_MARAC_DISCUSSION,
                    )
                ],
                authoriser="Pat Lead",
                authorising_role=vocab.AUTHORISER_ROLE_DUTY_INSPECTOR,
                reason="Threats escalating.",
                expires_at=expires,
            )
        ).override_id
        for _ in range(5)
    ]
    seen, token = [], ""
    while True:
        page = kernel.ListOverrides(
            pb.ListOverridesRequest(case_reference=reference, page_size=2, page_token=token)
        )
        seen += [o.override_id for o in page.overrides]
        token = page.next_page_token
        if not token:
            break
    assert seen == recorded
    case = kernel.GetCase(pb.GetCaseRequest(case_reference=reference))
    assert [o.override_id for o in case.overrides] == recorded and case.override_count == 5


def test_a_bad_page_token_is_refused_naming_page_token_and_never_echoed(kernel):
    reference, other = open_case(kernel), open_case(kernel)
    for case in (reference, other):
        for n in range(3):
            record(kernel, case, f"Incident {n}.")
    token = kernel.ListIncidents(
        pb.ListIncidentsRequest(case_reference=reference, page_size=1)
    ).next_page_token
    assert token

    def refused(call, request) -> grpc.RpcError:
        with pytest.raises(grpc.RpcError) as error:
            call(request)
        return error.value

    for bad in (token[:-3], token + "AAAA", "ZQXJ-not-a-token", "%%%", "A" * 1000):
        error = refused(
            kernel.ListIncidents, pb.ListIncidentsRequest(case_reference=reference, page_token=bad)
        )
        assert field_violations(error) == {"page_token"}
        assert bad not in (error.details() or "") and "ZQXJ" not in (error.details() or "")
    for foreign in (
        (kernel.ListIncidents, pb.ListIncidentsRequest(case_reference=other, page_token=token)),
        (kernel.ListOverrides, pb.ListOverridesRequest(case_reference=reference, page_token=token)),
    ):
        assert field_violations(refused(*foreign)) == {"page_token"}
    error = refused(
        kernel.ListIncidents, pb.ListIncidentsRequest(case_reference=reference, page_size=-1)
    )
    assert field_violations(error) == {"page_size"}
    error = refused(kernel.ListIncidents, pb.ListIncidentsRequest(case_reference="PG-NONE"))
    assert error.code() == grpc.StatusCode.NOT_FOUND
