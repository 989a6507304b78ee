"""Data-sharing agreements in the shared view on Postgres: an agreement that ends
withdraws what it covered from the next read (RiskView's reader checks each share
against the agreements in force), before the views are recomputed; the recompute
then drops the shares and the agenda entry, and a new agreement shares again."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from marac.v1 import vocabulary_pb2 as vocab
from shared_view.agreements import AgreementChange
from shared_view.reader import SharedViewReader
from shared_view.rules import Rules
from shared_view.writer import SharedViewWriter
from tests.agreements import PARTNERSHIP
from tests.riskview import facts
from tests.unit.test_facts import ALICE

RISK_ONLY = frozenset({vocab.SHARED_CATEGORY_RISK_LEVEL})


@pytest.fixture
def shared_view(create_shared_view, request):
    dsn = create_shared_view(f"agreements_{request.node.name[5:25]}")
    writer, reader = SharedViewWriter(dsn), SharedViewReader(dsn)
    writer.open()
    reader.open()
    writer.record(facts())
    refresh_all(writer)
    yield writer, reader
    reader.close()
    writer.close()


def refresh_all(writer: SharedViewWriter) -> int:
    refreshed = 0
    while done := writer.refresh(datetime.now(UTC), Rules(), 1000).subjects:
        refreshed += done
    return refreshed


def shared(reader: SharedViewReader) -> tuple[list, list]:
    now = datetime.now(UTC)
    police = [
        c.case
        for c, grant in reader.seen_by_agency(ALICE, vocab.RECIPIENT_POLICE, "police-1", now)
        if grant
    ]
    return police, [c.case for c, _ in reader.seen_by_panel(ALICE, now)]


def test_an_ended_agreement_withdraws_at_the_next_read_and_a_new_one_shares(shared_view):
    writer, reader = shared_view
    police, panel = shared(reader)
    assert police and panel and reader.agenda_entry(ALICE) is not None
    now = datetime.now(UTC)
    ended = replace(PARTNERSHIP, ends_at=now)
    assert writer.record_agreements([AgreementChange(2, ended)]) >= 1  # its subjects due
    assert shared(reader) == ([], [])  # withdrawn before any recompute
    assert reader.panel_grants([ALICE], datetime.now(UTC)) == {}
    # An older change delivered late changes nothing.
    assert writer.record_agreements([AgreementChange(1, PARTNERSHIP)]) == 0
    assert shared(reader) == ([], [])
    assert refresh_all(writer) >= 1
    assert reader.agenda_entry(ALICE) is None  # the panel may weigh nothing now
    renewed = replace(PARTNERSHIP, agreement_id="isa-2", starts_at=now)
    writer.record_agreements([AgreementChange(3, renewed)])
    assert shared(reader) == ([], [])  # shared once its views are recomputed
    refresh_all(writer)
    assert shared(reader) == (police, panel)
    assert reader.agenda_entry(ALICE) is not None


def test_a_reader_shows_only_the_parts_the_agreements_in_force_cover(shared_view):
    writer, reader = shared_view
    now = datetime.now(UTC)
    narrower = replace(PARTNERSHIP, agreement_id="isa-2", categories=RISK_ONLY)
    writer.record_agreements([AgreementChange(2, narrower)])
    writer.record_agreements([AgreementChange(3, replace(PARTNERSHIP, ends_at=now))])
    seen = reader.seen_by_panel(ALICE, datetime.now(UTC) + timedelta(seconds=1))
    assert seen  # before a recompute: the stored shares, cut to what is in force
    for contribution, grant in seen:
        assert grant.categories == RISK_ONLY
        assert contribution.incident_dates == () and contribution.open_support == ()
