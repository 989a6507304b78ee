"""DdpoService over gRPC, as the DDPO process (`python -m services.ddpo serve`) on
its own Postgres store: what a DDPO's advocacy database sees."""

import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import agency_case_pb2_grpc as case_grpc
from marac.v1 import case_events_pb2 as events_pb
from marac.v1 import ddpo_pb2 as pb
from marac.v1 import ddpo_pb2_grpc as pb_grpc
from marac.v1 import vocabulary_pb2 as vocab
from services.common.contract import timestamp
from tests.support import agency_service, field_violations

MARAC_PANEL = events_pb.ConsentScope(
    recipient=vocab.RECIPIENT_MARAC_PANEL, purpose=vocab.PURPOSE_MARAC_DISCUSSION
)


# The same calls answered by the writer itself and by request processes of their own.
@pytest.fixture(scope="module", params=[1, 2], ids=["writer answers", "request processes"])
def channel(request, create_database, tmp_path_factory):
    with agency_service(
        "ddpo",
        create_database(f"ddpo_grpc_{request.param}"),
        tmp_path_factory.mktemp("ddpo"),
        request_processes=request.param,
    ) as channel:
        yield channel


@pytest.fixture(scope="module")
def ddpo(channel):
    return pb_grpc.DdpoServiceStub(channel)


@pytest.fixture(scope="module")
def kernel(channel):
    return case_grpc.AgencyCaseServiceStub(channel)


def reference() -> str:
    return f"DDPO-{uuid.uuid4().hex[:8].upper()}"


def report_request(case_reference: str, **changes) -> pb.RecordReportRequest:
    """A carer's report for a named victim who does not want the police involved."""
    fields = dict(
        request_id=str(uuid.uuid4()),
        case_reference=case_reference,
        subject=case_pb.SubjectIdentity(
            given_name="Ann", family_name="Smith", date_of_birth="1980-02-03", postcode="E1 6AN"
        ),
        consent=case_pb.Consent(scopes=[MARAC_PANEL]),
        source=vocab.REPORT_SOURCE_THIRD_PARTY,
        reporter_relationship=pb.REPORTER_RELATIONSHIP_CARER,
        police_involvement=pb.POLICE_INVOLVEMENT_NOT_WANTED,
        police_reluctance=[pb.POLICE_RELUCTANCE_DISTRUST_OF_POLICE],
        category=pb.DDPO_INCIDENT_CATEGORY_HARASSMENT,
        occurred_at=timestamp(datetime.now(UTC) - timedelta(days=2)),
        strands=[vocab.STRAND_DISABILITY],
        classification=vocab.HATE_CLASSIFICATION_HATE_INCIDENT,
        perceived_by=[vocab.PERCEIVER_VICTIM, vocab.PERCEIVER_THIRD_PARTY],
        location_postcode="E1 6AN",
        narrative="Things thrown from the balcony into her garden.",
    )
    fields.update(changes)
    return pb.RecordReportRequest(**fields)


def test_an_anonymous_report_opens_a_case_that_names_no_one(ddpo, kernel):
    case_reference = reference()
    request = report_request(
        case_reference,
        subject=None,
        source=vocab.REPORT_SOURCE_ANONYMOUS,
        reporter_relationship=0,
        consent=case_pb.Consent(),
    )
    response = ddpo.RecordReport(request)
    assert response.subject_key == ""
    assert ddpo.RecordReport(request) == response  # a retry records nothing new

    advocacy = ddpo.GetAdvocacy(pb.GetAdvocacyRequest(case_reference=case_reference))
    assert advocacy.anonymous
    assert [r.source for r in advocacy.reports] == [vocab.REPORT_SOURCE_ANONYMOUS]
    case = kernel.GetCase(case_pb.GetCaseRequest(case_reference=case_reference))
    assert not case.HasField("subject")
    assert list(case.consent.refused_recipients) == [vocab.RECIPIENT_POLICE]


def test_the_police_stay_refused_whatever_consent_the_kernel_records(ddpo, kernel):
    case_reference = reference()
    ddpo.RecordReport(report_request(case_reference))

    kernel.RecordConsent(
        case_pb.RecordConsentRequest(
            request_id=str(uuid.uuid4()),
            case_reference=case_reference,
            consent=case_pb.Consent(scopes=[MARAC_PANEL]),
        )
    )
    case = kernel.GetCase(case_pb.GetCaseRequest(case_reference=case_reference))
    assert list(case.consent.refused_recipients) == [vocab.RECIPIENT_POLICE]

    police = events_pb.ConsentScope(
        recipient=vocab.RECIPIENT_POLICE, purpose=vocab.PURPOSE_RISK_ASSESSMENT
    )
    with pytest.raises(grpc.RpcError) as error:
        kernel.RecordConsent(
            case_pb.RecordConsentRequest(
                request_id=str(uuid.uuid4()),
                case_reference=case_reference,
                consent=case_pb.Consent(scopes=[police]),
            )
        )
    assert field_violations(error.value) == {"consent.scopes[0].recipient"}

    changed = ddpo.RecordPoliceWish(
        pb.RecordPoliceWishRequest(
            request_id=str(uuid.uuid4()),
            case_reference=case_reference,
            police_involvement=pb.POLICE_INVOLVEMENT_WANTED,
        )
    )
    assert changed.consent_change == events_pb.CONSENT_CHANGE_GIVEN
    case = kernel.GetCase(case_pb.GetCaseRequest(case_reference=case_reference))
    assert list(case.consent.refused_recipients) == []


def test_bad_reports_name_the_fields(ddpo):
    with pytest.raises(grpc.RpcError) as error:
        ddpo.RecordReport(
            report_request(
                reference(),
                consent=None,
                category=99,
                reporter_relationship=0,
                police_reluctance=[0],
            )
        )
    assert field_violations(error.value) == {
        "consent",
        "category",
        "reporter_relationship",
        "police_reluctance[0]",
    }


def test_an_interpreter_who_is_a_child_is_refused(ddpo):
    case_reference = reference()
    ddpo.RecordReport(report_request(case_reference))
    child = pb.Interpreter(relationship=pb.INTERPRETER_RELATIONSHIP_CHILD)
    with pytest.raises(grpc.RpcError) as error:
        ddpo.RecordAccessNeeds(
            pb.RecordAccessNeedsRequest(
                request_id=str(uuid.uuid4()),
                case_reference=case_reference,
                access_needs=[
                    pb.AccessArrangement(need=pb.ACCESS_NEED_EASY_READ),
                    pb.AccessArrangement(
                        need=pb.ACCESS_NEED_SPOKEN_LANGUAGE_INTERPRETER,
                        language="bn",
                        interpreter=child,
                    ),
                ],
            )
        )
    assert field_violations(error.value) == {
        "access_needs[1].interpreter.relationship",
        "access_needs[1].interpreter.confirmed_adult",
    }
    advocacy = ddpo.GetAdvocacy(pb.GetAdvocacyRequest(case_reference=case_reference))
    assert list(advocacy.access_needs) == []


def test_advocacy_from_the_waiting_list_to_closure(ddpo, kernel):
    references = [reference() for _ in range(3)]
    for n, case_reference in enumerate(references):
        subject = case_pb.SubjectIdentity(
            given_name="Person", family_name=f"Number{n}", date_of_birth="1970-01-01",
            postcode="E1 6AN",
        )  # fmt: skip
        ddpo.RecordReport(report_request(case_reference, subject=subject))
        ddpo.JoinWaitingList(
            pb.JoinWaitingListRequest(request_id=str(uuid.uuid4()), case_reference=case_reference)
        )
    bsl = pb.AccessArrangement(
        need=pb.ACCESS_NEED_BSL_INTERPRETER,
        interpreter=pb.Interpreter(
            relationship=pb.INTERPRETER_RELATIONSHIP_PROFESSIONAL, confirmed_adult=True
        ),
    )
    ddpo.RecordAccessNeeds(
        pb.RecordAccessNeedsRequest(
            request_id=str(uuid.uuid4()), case_reference=references[1], access_needs=[bsl]
        )
    )

    first = ddpo.ListWaitingList(pb.ListWaitingListRequest(page_size=2))
    assert [e.case_reference for e in first.entries] == references[:2]
    assert list(first.entries[1].access_needs) == [pb.ACCESS_NEED_BSL_INTERPRETER]
    assert first.total_waiting == 3
    second = ddpo.ListWaitingList(
        pb.ListWaitingListRequest(page_size=2, page_token=first.next_page_token)
    )
    assert [(e.case_reference, e.place) for e in second.entries] == [(references[2], 3)]
    assert second.next_page_token == ""
    with pytest.raises(grpc.RpcError) as error:
        ddpo.ListWaitingList(pb.ListWaitingListRequest(page_token="forged"))
    assert field_violations(error.value) == {"page_token"}

    taken = references[1]
    ddpo.StartAdvocacy(pb.StartAdvocacyRequest(request_id=str(uuid.uuid4()), case_reference=taken))
    ddpo.ChangeSupport(
        pb.ChangeSupportRequest(
            request_id=str(uuid.uuid4()),
            case_reference=taken,
            area=vocab.SUPPORT_AREA_HOUSING,
            open=True,
        )
    )
    total = ddpo.RecordAdvocacyTime(
        pb.RecordAdvocacyTimeRequest(
            request_id=str(uuid.uuid4()),
            case_reference=taken,
            worked_on=(datetime.now(UTC) - timedelta(days=1)).date().isoformat(),
            minutes=90,
            area=vocab.SUPPORT_AREA_HOUSING,
        )
    )
    assert total.total_minutes == 90
    advocacy = ddpo.GetAdvocacy(pb.GetAdvocacyRequest(case_reference=taken))
    assert advocacy.status == pb.ADVOCACY_STATUS_ACTIVE
    assert list(advocacy.open_support) == [vocab.SUPPORT_AREA_HOUSING]
    assert advocacy.police_involvement == pb.POLICE_INVOLVEMENT_NOT_WANTED
    assert list(advocacy.police_reluctance) == [pb.POLICE_RELUCTANCE_DISTRUST_OF_POLICE]
    assert [r.reporter_relationship for r in advocacy.reports] == [pb.REPORTER_RELATIONSHIP_CARER]

    kernel.CloseCase(
        case_pb.CloseCaseRequest(
            request_id=str(uuid.uuid4()),
            case_reference=references[0],
            outcome=vocab.CASE_OUTCOME_UNABLE_TO_CONTACT,
        )
    )
    left = ddpo.ListWaitingList(pb.ListWaitingListRequest())
    assert [(e.case_reference, e.place) for e in left.entries] == [(references[2], 1)]


def test_withdrawing_consent_cannot_refuse_the_police_the_victim_wants(ddpo, kernel):
    case_reference = reference()
    ddpo.RecordReport(
        report_request(
            case_reference,
            police_involvement=pb.POLICE_INVOLVEMENT_WANTED,
            police_reluctance=[],
            consent=case_pb.Consent(),
        )
    )
    with pytest.raises(grpc.RpcError) as error:
        kernel.WithdrawConsent(
            case_pb.WithdrawConsentRequest(
                request_id=str(uuid.uuid4()),
                case_reference=case_reference,
                refused_recipients=[vocab.RECIPIENT_POLICE],
            )
        )
    # The field of this request, not of a consent message it does not have.
    assert field_violations(error.value) == {"refused_recipients[0]"}
