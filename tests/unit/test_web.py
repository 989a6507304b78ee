"""The web app's own rules without a browser or services: sessions (idle timeout,
renewal, a new id at sign-in, bounded, an OpenID Connect sign-in's state used
once), the issuer's settings (the client secret from its file), incidents by month,
enum values in plain English, the subjects due for review as a table, and that no
POST route escapes the CSRF check."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from starlette.routing import Route

from marac.v1 import meeting_pb2, riskview_pb2, vocabulary_pb2
from services.common.settings import SettingsError
from services.web import vocabulary
from services.web.app import create_app, templates
from services.web.sessions import Person, Sessions
from services.web.settings import DEFAULT_ASSETS, WebSettings
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


def test_an_issuers_sign_in_is_taken_once_by_its_own_state_within_its_time():
    clock = Clock()
    store = sessions(clock)
    session = store.start()
    store.pend(session, "the-state", "the-nonce", "the-verifier")
    assert store.take_pending(session, "forged", timedelta(minutes=10)) is None
    # The forged callback used it up: the real one comes too late.
    assert store.take_pending(session, "the-state", timedelta(minutes=10)) is None
    store.pend(session, "the-state", "the-nonce", "the-verifier")
    taken = store.take_pending(session, "the-state", timedelta(minutes=10))
    assert taken is not None and taken.nonce == "the-nonce"
    store.pend(session, "later", "n", "v")
    clock.now += timedelta(minutes=10, seconds=1)
    assert store.take_pending(session, "later", timedelta(minutes=10)) is None
    assert "the-state" not in repr(taken) and "the-verifier" not in repr(taken)


def test_an_issuers_token_is_renewed_only_with_a_refresh_token_else_ends_the_session():
    clock = Clock()
    store = sessions(clock)
    expires = clock.now + timedelta(minutes=15)
    kept = store.sign_in(None, CHAIR, "a", expires, through_issuer=True, refresh_token="r1")
    alone = store.sign_in(None, CHAIR, "b", expires, through_issuer=True)
    clock.now += timedelta(minutes=11)
    assert store.needs_renewal(kept) and not store.needs_renewal(alone)
    store.renewed(kept, "a2", clock.now + timedelta(minutes=15), "")  # not rotated: kept
    assert kept.refresh_token == "r1" and kept.token == "a2"
    assert store.find(kept.session_id)[0] is kept
    clock.now += timedelta(minutes=4)
    assert store.find(alone.session_id) == (None, True)
    assert store.find(kept.session_id)[0] is kept


def oidc_env(tmp_path, **changed: str) -> dict[str, str]:
    secret = tmp_path / "secret"
    secret.write_text("s3cret-from-the-file\n")
    env = {
        "MARAC_WEB_SESSION_KEY": "ab" * 32,
        "MARAC_WEB_ADDRESS": "127.0.0.1:8443",
        "MARAC_OIDC_ISSUER": "https://login.example.org/tenant",
        "MARAC_OIDC_CLIENT_ID": "marac-web",
        "MARAC_OIDC_CLIENT_SECRET_FILE": str(secret),
        **changed,
    }
    return {k: v for k, v in env.items() if v}


def test_the_issuers_settings_read_the_client_secret_from_its_file(tmp_path):
    assert WebSettings.from_env(oidc_env(tmp_path, MARAC_OIDC_ISSUER="")).openid is None
    openid = WebSettings.from_env(oidc_env(tmp_path)).openid
    assert openid is not None and openid.client_secret == "s3cret-from-the-file"
    assert "s3cret" not in repr(openid)
    assert openid.name == "login.example.org" and openid.scope == "openid"
    assert openid.redirect_uri == "https://127.0.0.1:8443/sign-in/oidc/callback"
    for variable, value in [
        ("MARAC_OIDC_ISSUER", "http://login.example.org"),  # http only on loopback
        ("MARAC_OIDC_ISSUER", "https://login.example.org/?tenant=1"),
        ("MARAC_OIDC_CLIENT_SECRET_FILE", "s3cret-in-the-environment"),
        ("MARAC_OIDC_CLIENT_SECRET_FILE", str(tmp_path / "missing")),
        ("MARAC_OIDC_SCOPE", "profile email"),
        ("MARAC_OIDC_CLIENT_ID", ""),
    ]:
        with pytest.raises(SettingsError, match=variable) as refused:
            WebSettings.from_env(oidc_env(tmp_path, **{variable: value}))
        assert "s3cret" not in str(refused.value)
    local = oidc_env(tmp_path, MARAC_OIDC_ISSUER="http://127.0.0.1:9000")
    assert WebSettings.from_env(local).openid.issuer == "http://127.0.0.1:9000"


def test_the_number_of_sessions_is_bounded_the_least_recently_used_going_first():
    clock = Clock()
    store = sessions(clock, max_sessions=3)
    first, second, third = store.start(), store.start(), store.start()
    store.find(first.session_id)
    store.start()
    assert len(store) == 3
    assert store.find(second.session_id) == (None, False)
    assert store.find(first.session_id)[0] is first and store.find(third.session_id)[0]


def test_visits_to_the_sign_in_page_never_sign_anyone_out():
    clock = Clock()
    store = sessions(clock, max_sessions=3)
    chair = store.sign_in(None, CHAIR, "token", clock.now + timedelta(hours=1))
    for _ in range(100):
        store.start()
    assert len(store) == 3
    assert store.find(chair.session_id)[0] is chair


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


@pytest.mark.parametrize(
    ("template", "path"),
    [
        ("meetings.html", "/meetings"),
        ("actions.html", "/actions"),
        ("cases.html", "/cases"),
        ("due_for_review.html", "/meetings/due-for-review"),
    ],
    ids=["meetings", "actions", "cases", "due for review"],
)
def test_a_list_past_its_first_page_links_its_first_and_next_pages(template, path):
    def links(**paging) -> list[str]:
        page = templates().env.get_template(template).render(person=CHAIR, path=path, **paging)
        return re.findall(r'<a class="govuk-link[^"]*" href="([^"]*)">(?:First|Next) page', page)

    assert links(first_page=False, next_page="a b/c") == [path, f"{path}?page=a%20b/c"]
    assert links(first_page=True, next_page="") == []


def test_the_subjects_due_for_review_show_a_shortened_handle_and_their_last_meeting():
    page = (
        templates()
        .env.get_template("due_for_review.html")
        .render(
            person=CHAIR,
            path="/meetings/due-for-review",
            subjects=[
                meeting_pb2.DueForReview(
                    handle="abcdef0123456789", last_meeting_id="m-1", last_discussed="2025-03-01"
                )
            ],
            first_page=True,
        )
    )
    assert "abcdef01" in page and "abcdef0123456789" not in page
    assert 'href="/meetings/m-1"' in page and "1 March 2025" in page
    assert "No subject is due for review" not in page


def test_every_page_has_the_govuk_header_and_footer_the_macros_make():
    env = templates().env
    made = env.from_string(
        '{% from "govuk_frontend_jinja/components/header/macro.html" import govukHeader %}'
        '{% from "govuk_frontend_jinja/components/footer/macro.html" import govukFooter %}'
        '{{ govukHeader({"homepageUrl": "/"}) }}|{{ govukFooter({"meta": {"items": []}}) }}'
    ).render()
    header, footer = made.split("|")
    page = env.get_template("due_for_review.html").render(person=CHAIR, path="/", subjects=[])
    assert 'class="govuk-header"' in header and 'class="govuk-footer"' in footer
    assert header in page and footer in page
