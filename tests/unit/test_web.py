"""The web app's own rules without a browser or services: sessions (idle timeout,
renewal, a new id at sign-in, bounded), incidents by month, enum values in plain
English, and that no POST route escapes the CSRF check."""

from datetime import UTC, date, datetime, timedelta

import pytest
from starlette.routing import Route

from marac.v1 import riskview_pb2, vocabulary_pb2
from services.web import vocabulary
from services.web.app import create_app
from services.web.sessions import Person, Sessions
from services.web.settings import DEFAULT_ASSETS
from services.web.timeline import timeline

CHAIR = Person("usr_chair", "chair")


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def sessions(clock: Clock, **options) -> Sessions:
    return Sessions(timedelta(minutes=15), timedelta(minutes=5), clock, **options)


def test_a_session_left_idle_for_the_timeout_is_over_and_says_it_timed_out():
    clock = Clock()
    store = sessions(clock)
    anonymous = store.start()
    signed = store.sign_in(None, CHAIR, "token", clock.now + timedelta(hours=1))
    clock.now += timedelta(minutes=14, seconds=59)
    assert store.find(signed.session_id) == (signed, False)  # used: the idle time restarts
    clock.now += timedelta(minutes=14, seconds=59)
    assert store.find(signed.session_id) == (signed, False)
    clock.now += timedelta(minutes=15)
    assert store.find(signed.session_id) == (None, True)
    assert store.find(signed.session_id) == (None, False)  # gone
    assert store.find(anonymous.session_id) == (None, False)  # no one was signed out


def test_signing_in_makes_a_new_session_and_a_token_near_its_expiry_is_renewed():
    clock = Clock()
    store = sessions(clock)
    before = store.start()
    after = store.sign_in(before, CHAIR, "first", clock.now + timedelta(minutes=15))
    assert after.session_id != before.session_id and after.csrf_token != before.csrf_token
    assert store.find(before.session_id) == (None, False)
    assert not store.needs_renewal(after)
    clock.now += timedelta(minutes=10)
    assert store.find(after.session_id)[0] is after and store.needs_renewal(after)
    store.renewed(after, "second", clock.now + timedelta(minutes=15))
    assert not store.needs_renewal(after) and after.token == "second"
    clock.now += timedelta(minutes=14)
    assert store.find(after.session_id)[0] is after
    clock.now += timedelta(minutes=1)  # its token expired: the session is over
    assert store.find(after.session_id) == (None, True)


def test_the_number_of_sessions_is_bounded_the_least_recently_used_going_first():
    clock = Clock()
    store = sessions(clock, max_sessions=3)
    first, second, third = store.start(), store.start(), store.start()
    store.find(first.session_id)
    store.start()
    assert len(store) == 3
    assert store.find(second.session_id) == (None, False)
    assert store.find(first.session_id)[0] is first and store.find(third.session_id)[0]


def test_incidents_are_counted_by_month_for_the_twelve_months_to_this_one():
    shown = timeline(
        [
            ("Police (P-1)", ["2026-03-01", "2026-03-02", "2025-04-30", "2025-03-31"]),
            ("Social landlord (L-1)", ["2026-01-15", "not a date"]),
        ],
        date(2026, 3, 20),
    )
    assert shown.months[0].label == "April 2025" and shown.months[-1].label == "March 2026"
    assert [m.counts for m in shown.months if m.total] == [(1, 0), (0, 1), (2, 0)]
    assert (shown.total, shown.largest) == (4, 2)


def test_enum_values_are_shown_in_plain_english():
    assert vocabulary.agency(vocabulary_pb2.AGENCY_KIND_SOCIAL_LANDLORD) == "Social landlord"
    assert vocabulary.risk_level(vocabulary_pb2.RISK_LEVEL_HIGH) == "High"
    assert vocabulary.risk_level(0) == "Not assessed"
    assert vocabulary.words(vocabulary.ACTION_TYPE, 5) == "Temporary rehousing"
    rule = riskview_pb2.ELIGIBILITY_RULE_CUMULATIVE_HARM
    assert vocabulary.words(vocabulary.ELIGIBILITY_RULE, rule) == "Cumulative harm"
    assert vocabulary.words(vocabulary.STRAND, 999) == "Not known"
    for enum in (vocabulary.AGENCY_KIND, vocabulary.STRAND, vocabulary.SUPPORT_AREA):
        for value in enum.values:
            words = vocabulary.words(enum, value.number)
            assert "_" not in words and words[0].isupper()


def test_a_post_route_not_made_by_web_post_is_refused_at_start():
    async def unchecked(request):
        raise AssertionError

    with pytest.raises(AssertionError, match=r"use Web\.post"):
        create_app(
            None, DEFAULT_ASSETS, [lambda web: [Route("/x", unchecked, methods=["POST"])]], {}
        )
