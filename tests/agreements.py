"""The data-sharing agreement the tests' partnership works under (as the local
stack's standard agreement does): every agency id the tests use, every recipient,
both purposes that open a view, every part of a contribution, consent-based and on
each of the three lawful bases for overrides."""

from datetime import UTC, datetime

from marac.v1 import vocabulary_pb2 as vocab
from services.agencies import RECIPIENT_OF_KIND
from shared_view.agreements import ALL_CATEGORIES, Agreement, AgreementChange
from shared_view.writer import SharedViewWriter

AGENCY_IDS = frozenset(
    {
        *("police-1", "police-2", "landlord-1", "vs-1", "ddpo-1"),
        *("social_landlord-1", "victim_support-1"),
        # The local stack's, and the benchmarks' generated events'
        # (tests/benchmarks/shared_events.py).
        *(f"local-{name}" for name in ("police", "social_landlord", "victim_support", "ddpo")),
    }
)
LAWFUL_BASES = frozenset(vocab.LawfulBasis.values()) - {vocab.LAWFUL_BASIS_UNSPECIFIED}
PARTNERSHIP = Agreement(
    agreement_id="tests-partnership",
    holders=AGENCY_IDS,
    recipients=frozenset({*RECIPIENT_OF_KIND.values(), vocab.RECIPIENT_MARAC_PANEL}),
    purposes=frozenset({vocab.PURPOSE_RISK_ASSESSMENT, vocab.PURPOSE_MARAC_DISCUSSION}),
    categories=ALL_CATEGORIES,
    lawful_bases=LAWFUL_BASES,
    starts_at=datetime(2000, 1, 1, tzinfo=UTC),
    ends_at=None,
)
AGREED = (PARTNERSHIP,)
AGREED_CHANGES = [AgreementChange(1, PARTNERSHIP)]


def agree_in(readmodel_dsn: str) -> None:
    """Holds the agreement in a shared view as if read from the agreements topic (for
    a shared view no audit service feeds)."""
    writer = SharedViewWriter(readmodel_dsn, max_connections=1)
    writer.open()
    try:
        writer.record_agreements(AGREED_CHANGES)
    finally:
        writer.close()
