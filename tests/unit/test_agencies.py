"""The registry of agencies is the one list of agency kinds: the contract, the Python
vocabulary, the packages and the README all agree with it."""

import re
from pathlib import Path

from marac.v1 import vocabulary_pb2
from services.agencies import AGENCIES, BY_KIND
from services.common.contract import to_proto
from services.common.vocabulary import AgencyKind, Recipient

README = Path(__file__).resolve().parents[2] / "README.md"
# Servers in the README's table that are no agency's.
NOT_AGENCIES = {"services.identity", "services.marac", "services.audit"}


def test_every_agency_kind_of_the_contract_has_an_entry():
    kinds = {v.number for v in vocabulary_pb2.AgencyKind.DESCRIPTOR.values if v.number}
    assert kinds == set(BY_KIND)


def test_every_entry_names_its_kind_and_recipient_on_the_wire():
    for agency in AGENCIES:
        assert vocabulary_pb2.AgencyKind.Name(agency.kind) == f"AGENCY_KIND_{agency.name.upper()}"
        assert vocabulary_pb2.Recipient.Name(agency.recipient) == f"RECIPIENT_{agency.name.upper()}"
        assert to_proto(AgencyKind(agency.name)) == agency.kind
        assert to_proto(Recipient(agency.name)) == agency.recipient


def test_every_recipient_of_the_contract_is_an_agency_or_the_panel():
    recipients = {v.number for v in vocabulary_pb2.Recipient.DESCRIPTOR.values if v.number}
    assert recipients == {to_proto(r) for r in Recipient}
    assert {a.recipient for a in AGENCIES} | {vocabulary_pb2.RECIPIENT_MARAC_PANEL} == recipients


def test_every_entry_has_a_package_that_defines_it():
    for agency in AGENCIES:
        assert agency.definition().agency == agency


def test_every_agency_keeps_its_cases_under_its_name():
    # The service, its relay and the local stack's database all go by the name.
    for agency in AGENCIES:
        assert agency.definition().records_class().name == agency.name


def test_the_readme_lists_every_agency_with_its_command_and_port():
    rows = re.findall(r"`python -m (\S+) serve` \| 127\.0\.0\.1:(\d+) \|", README.read_text())
    rows = [row for row in rows if row[0] not in NOT_AGENCIES]
    assert rows == [(a.package, str(a.grpc_port)) for a in AGENCIES]
