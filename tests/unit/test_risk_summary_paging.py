"""RiskView queries over an in-memory reader: validation, keyset paging, not found."""

import pytest

from marac.v1 import vocabulary_pb2
from projections.read_model import position
from projections.risk_summary import RiskSummary
from services.common.grpc_server import NotFound
from services.common.validation import InvalidRequest
from services.riskview.application import RiskView, decode_token, encode_token

HIGH = vocabulary_pb2.RISK_LEVEL_HIGH


class MemoryReader:
    def __init__(self, summaries):
        self.rows = sorted(
            summaries, key=lambda s: (-s.highest_risk_level, -s.incident_count, s.subject_key)
        )

    def summary(self, subject_key):
        return next((s for s in self.rows if s.subject_key == subject_key), None)

    def by_risk(self, min_level, after, limit):
        def later(s):
            a = (-after[0], -after[1], after[2])
            return (-s.highest_risk_level, -s.incident_count, s.subject_key) > a

        rows = [s for s in self.rows if s.highest_risk_level >= min_level]
        return [s for s in rows if after is None or later(s)][:limit]


def summary(n, level, count):
    return RiskSummary(f"{n:064x}", (1,), level, count, None)


def violations(error):
    return {v.field for v in error.value.violations}


def test_pages_walk_every_subject_once_in_risk_order():
    subjects = [summary(n, n % 4, n % 5) for n in range(23)]
    view = RiskView(MemoryReader(subjects))
    seen, token = [], ""
    while True:
        page = view.subjects_by_risk(0, 5, token)
        seen.extend(page.summaries)
        token = page.next_page_token
        if not token:
            break
    assert seen == MemoryReader(subjects).rows
    high = view.subjects_by_risk(HIGH, 0, "").summaries
    assert high and all(s.highest_risk_level == HIGH for s in high)


def test_bad_requests_name_the_field():
    view = RiskView(MemoryReader([]))
    for key in ["", "A" * 64, "a" * 63, "g" * 64]:
        with pytest.raises(InvalidRequest) as error:
            view.subject_summary(key)
        assert violations(error) == {"subject_key"}
    with pytest.raises(InvalidRequest) as error:
        view.subjects_by_risk(99, -1, "not a token")
    assert violations(error) == {"min_risk_level", "page_size", "page_token"}
    with pytest.raises(NotFound):
        view.subject_summary("c" * 64)


def test_page_tokens_round_trip_and_reject_forgeries():
    after = position(summary(7, 2, 3))
    assert decode_token(encode_token(after)) == after
    assert decode_token(encode_token((2, 3, "x"))) is None
    assert decode_token(encode_token((-1, 3, "a" * 64))) is None
    assert decode_token("%%%") is None
    assert decode_token("e30") is None  # {}
