"""The table of who may call what, as every gRPC server applies it."""

import pytest

from services.common.access import Access, Decision
from services.common.principals import (
    DEMO_CLIENT,
    MEETINGS_PRINCIPAL,
    STACK_OPERATOR,
    TEST_CLIENT,
    Principal,
    agency_system,
)

POLICE_OPEN = "/marac.v1.AgencyCaseService/OpenCase"
HEALTH = "/grpc.health.v1.Health/Check"
REFLECTION = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"


def test_only_the_named_principals_may_call_a_server_that_names_them():
    police = Access.only([agency_system("police")])
    assert police.decide(agency_system("police"), POLICE_OPEN) is Decision.ALLOWED
    assert police.decide(agency_system("social_landlord"), POLICE_OPEN) is (
        Decision.PERMISSION_DENIED
    )
    assert police.decide(TEST_CLIENT, POLICE_OPEN) is Decision.PERMISSION_DENIED


def test_a_service_of_a_server_may_be_served_to_other_principals_only():
    subjects = "/marac.v1.MeetingSubjectsService/ListEligibleSubjects"
    agenda = "/marac.v1.RiskViewService/ListAgenda"
    riskview = Access.only([TEST_CLIENT]).serving(
        "marac.v1.MeetingSubjectsService", [MEETINGS_PRINCIPAL]
    )
    assert riskview.decide(MEETINGS_PRINCIPAL, subjects) is Decision.ALLOWED
    assert riskview.decide(TEST_CLIENT, subjects) is Decision.PERMISSION_DENIED
    assert riskview.decide(TEST_CLIENT, agenda) is Decision.ALLOWED
    assert riskview.decide(MEETINGS_PRINCIPAL, agenda) is Decision.PERMISSION_DENIED


def test_a_caller_whose_certificate_names_no_principal_is_unauthenticated():
    assert Access.only([agency_system("police")]).decide(None, POLICE_OPEN) is (
        Decision.UNAUTHENTICATED
    )
    assert Access.only([agency_system("police")]).decide(None, HEALTH) is (Decision.UNAUTHENTICATED)


@pytest.mark.parametrize("method", [HEALTH, REFLECTION])
def test_health_and_reflection_answer_every_principal(method):
    nobody = Access()
    for principal in (STACK_OPERATOR, agency_system("ddpo"), DEMO_CLIENT):
        assert nobody.decide(principal, method) is Decision.ALLOWED


def test_a_name_that_is_no_method_is_refused_even_to_the_named_principals():
    police = Access.only([agency_system("police")])
    assert police.decide(agency_system("police"), "not a method") is Decision.PERMISSION_DENIED
    assert police.decide(agency_system("police"), "/OpenCase") is Decision.PERMISSION_DENIED


@pytest.mark.parametrize(
    "uri, principal",
    [
        ("spiffe://marac-hub.local/agency-system/police", agency_system("police")),
        ("spiffe://marac-hub.local/riskview", Principal("riskview")),
        ("spiffe://other.example/agency-system/police", None),
        ("spiffe://marac-hub.local/agency-system/police/extra", None),
        ("spiffe://marac-hub.local/Agency-System/police", None),
        ("spiffe://marac-hub.local/", None),
        ("https://marac-hub.local/agency-system/police", None),
    ],
)
def test_a_principal_is_read_only_from_a_uri_of_this_deployment(uri, principal):
    assert Principal.from_uri(uri) == principal
