"""The printable subject access report as the web app renders it: each override
with its lawful basis and the role that authorised it (shared events carry the
role, never a person), each disclosure by its id, and never the subject's match key."""

from marac.v1 import audit_pb2
from services.web.app import templates
from services.web.vocabulary import AUTHORISER_ROLE, LAWFUL_BASIS, words
from tests.unit.test_ig_console import ALICE, alice_history


def test_the_report_shows_each_overrides_basis_and_authorising_role():
    history = alice_history()
    report = audit_pb2.SubjectAccessReport(
        history=history, ledger_entries=12, ledger_head="ab" * 32
    )
    page = (
        templates()
        .env.get_template("subject_report.html")
        .render(report=report, agency_id="local-police", reference="CR/1/26", path="/governance")
    )
    assert len(history.overrides) == 3
    for override in history.overrides:
        basis = words(LAWFUL_BASIS, override.basis)
        role = words(AUTHORISER_ROLE, override.authorising_role).lower()
        assert f"{basis}, by the {role}" in page
        assert override.override_id in page
    assert all(d.disclosure_id in page for d in history.disclosures)
    assert ALICE not in page
