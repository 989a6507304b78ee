"""The log of disclosures as CSV: a row per contribution disclosed, saying what, with
whom, when and on what basis, in words; people by user id, never a name; a cell a
spreadsheet would run as a formula made plain text; streamed a page at a time, the
same log."""

import asyncio
import csv
import io
from collections.abc import AsyncIterator

from google.protobuf.timestamp_pb2 import Timestamp

from marac.v1 import disclosure_pb2, vocabulary_pb2
from services.web.disclosure_log import COLUMNS, as_csv, csv_streamed

CHAIR = disclosure_pb2.CALLER_ROLE_MARAC_CHAIR
AT = Timestamp(seconds=1_796_126_400)  # 2026-12-01T12:00:00Z


def read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_each_contribution_disclosed_is_a_row_with_its_basis():
    shown = disclosure_pb2.Disclosure(
        disclosure_id="d-1",
        caller=disclosure_pb2.Caller(role=CHAIR, user_id="usr_chair-1"),
        subject_key="a" * 64,
        purpose=vocabulary_pb2.PURPOSE_MARAC_DISCUSSION,
        view=disclosure_pb2.DISCLOSURE_VIEW_AGENDA_ITEM,
        meeting_id="m-1",
        disclosed_at=AT,
        contributions=[
            disclosure_pb2.DisclosedContribution(
                agency=vocabulary_pb2.AGENCY_KIND_POLICE, agency_id="local-police",
                case_reference="CR/1/26", basis=disclosure_pb2.DISCLOSURE_BASIS_CONSENT,
            ),
            disclosure_pb2.DisclosedContribution(
                agency=vocabulary_pb2.AGENCY_KIND_SOCIAL_LANDLORD, agency_id="local-landlord",
                case_reference="-HSG-1", basis=disclosure_pb2.DISCLOSURE_BASIS_OVERRIDE,
                override_id="o-1",
                lawful_basis=vocabulary_pb2.LAWFUL_BASIS_SAFEGUARDING_INDIVIDUALS_AT_RISK,
            ),
        ],
    )  # fmt: skip
    text = as_csv([shown])
    assert text.splitlines()[0] == ",".join(COLUMNS)
    police, landlord = read(text)
    assert police["disclosed at (UTC)"] == "2026-12-01T12:00:00+00:00"
    assert (police["recipient role"], police["recipient user id"]) == ("MARAC chair", "usr_chair-1")
    assert (police["purpose"], police["meeting id"]) == ("MARAC discussion", "m-1")
    assert police["what was shown"] == "An agenda item's risk card"
    assert (police["contributing agency"], police["basis"]) == ("Police", "Consent")
    assert landlord["case reference"] == "'-HSG-1"  # not a formula
    assert (landlord["override id"], landlord["lawful basis"]) == (
        "o-1",
        "Safeguarding individuals at risk",
    )
    assert "a" * 64 not in text  # the match key never leaves the service


def test_a_disclosure_of_no_contribution_is_one_row_of_its_own():
    rows = read(as_csv([disclosure_pb2.Disclosure(disclosure_id="d-2", disclosed_at=AT)]))
    assert [(r["disclosure id"], r["contributing agency"]) for r in rows] == [("d-2", "")]


def test_the_log_streamed_a_page_at_a_time_is_the_log_whole():
    pages = [
        [disclosure_pb2.Disclosure(disclosure_id=f"d-{p}-{n}", disclosed_at=AT) for n in range(3)]
        for p in range(4)
    ]

    async def given() -> AsyncIterator[list]:
        for page in pages:
            yield page

    async def streamed() -> list[str]:
        return [chunk async for chunk in csv_streamed(given())]

    chunks = asyncio.run(streamed())
    assert len(chunks) == 1 + len(pages)  # the header, then each page as it came
    assert "".join(chunks) == as_csv([d for page in pages for d in page])
