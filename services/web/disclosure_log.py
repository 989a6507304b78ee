"""The ICO-style log of disclosures as CSV: one row for each contribution disclosed
(what, with whom, when, on what basis), a disclosure that showed none as one row of
its own. People and agencies by id and role, never by name; times in UTC, ISO 8601."""

import csv
import io
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Sequence
from datetime import UTC

from marac.v1 import disclosure_pb2
from services.web import vocabulary
from services.web.spreadsheets import cell

COLUMNS = (
    "disclosed at (UTC)",
    "disclosure id",
    "recipient role",
    "recipient agency",
    "recipient agency id",
    "recipient user id",
    "purpose",
    "what was shown",
    "meeting id",
    "contributing agency",
    "contributing agency id",
    "case reference",
    "basis",
    "override id",
    "lawful basis",
)


def rows(disclosures: Iterable[disclosure_pb2.Disclosure]) -> list[list[str]]:
    found = []
    for d in disclosures:
        who = d.caller
        shared = [
            vocabulary.words(vocabulary.PURPOSE, d.purpose) if d.purpose else "",
            vocabulary.words(vocabulary.DISCLOSURE_VIEW, d.view) if d.view else "",
            d.meeting_id,
        ]
        head = [
            d.disclosed_at.ToDatetime(UTC).isoformat(),
            d.disclosure_id,
            vocabulary.words(vocabulary.CALLER_ROLE, who.role),
            vocabulary.agency(who.agency) if who.agency else "",
            who.agency_id,
            who.user_id,
            *shared,
        ]
        for c in d.contributions or [None]:
            found.append(head + _contribution(c))
    return found


def _contribution(c: disclosure_pb2.DisclosedContribution | None) -> list[str]:
    if c is None:
        return [""] * 6
    return [
        vocabulary.agency(c.agency),
        c.agency_id,
        c.case_reference,
        vocabulary.words(vocabulary.DISCLOSURE_BASIS, c.basis),
        c.override_id,
        vocabulary.words(vocabulary.LAWFUL_BASIS, c.lawful_basis) if c.lawful_basis else "",
    ]


def _csv(rows: Iterable[Iterable[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def as_csv(disclosures: Iterable[disclosure_pb2.Disclosure]) -> str:
    return _csv([COLUMNS, *([cell(value) for value in row] for row in rows(disclosures))])


async def csv_streamed(
    pages: AsyncIterable[Sequence[disclosure_pb2.Disclosure]],
) -> AsyncIterator[str]:
    """The log as CSV, a page of disclosures at a time: a period's may be long, and
    the web app holds one page of it, not the whole log."""
    yield _csv([COLUMNS])
    async for page in pages:
        yield _csv([cell(value) for value in row] for row in rows(page))
