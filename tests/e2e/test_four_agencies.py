"""Issue 4's scenario over the four real agency services: each records what it
does in its own words, the subject links across them by match key, and the
DDPO's shared events carry the victim's refusal of police involvement."""

import time

import pytest

from deploy.local import scenario
from marac.v1 import case_events_pb2
from marac.v1 import vocabulary_pb2 as vocab
from services.agencies import BY_NAME
from tests.e2e.canaries import CANARY_VICTIM
from tests.e2e.test_privacy_and_recovery import keys_and_values
from tests.e2e.test_walking_skeleton import WAIT_SECONDS


@pytest.fixture(scope="module")
def played(stack):
    return scenario.play(stack.agency_channel, CANARY_VICTIM)


def shared_for(stack, agency: str, key: str, kinds: set[str]) -> list[case_events_pb2.CaseEvent]:
    """The agency's shared events about `key`, once its relay published all `kinds`."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        events = [
            case_events_pb2.CaseEvent.FromString(value)
            for _, value in keys_and_values(stack.topic(agency))
        ]
        mine = [e for e in events if e.subject_key == key]
        if kinds <= {e.WhichOneof("payload") for e in mine} or time.monotonic() > deadline:
            return mine
        time.sleep(0.2)


def test_the_subject_links_across_every_agency_that_identified_her(stack, played):
    key = stack.match_key(played.subject)  # every agency's events carry this one key
    for agency in BY_NAME:
        events = shared_for(stack, agency, key, {"case_opened", "incident_reported"}
                            if agency != "victim_support" else {"case_opened"})  # fmt: skip
        assert events, f"nothing shared by {agency}"
        assert {e.case_reference for e in events} == {played.case_references[agency]}
        assert {e.agency_id for e in events} == {f"local-{agency}"}


def test_each_agency_shares_its_practice_in_the_shared_vocabulary(stack, played):
    key = stack.match_key(played.subject)
    landlord = shared_for(stack, "social_landlord", key, {"incident_reported"})
    (asb,) = [e.incident_reported for e in landlord if e.HasField("incident_reported")]
    assert asb.classification == vocab.HATE_CLASSIFICATION_NOT_HATE_RELATED
    assert asb.incident_category == vocab.INCIDENT_CATEGORY_OTHER_ANTI_SOCIAL_BEHAVIOUR
    assert asb.category == "other_anti_social_behaviour"
    assert asb.postcode_district == "ZZ99"

    police = shared_for(stack, "police", key, {"incident_reported", "action_changed"})
    (damage,) = [e.incident_reported for e in police if e.HasField("incident_reported")]
    assert damage.incident_category == vocab.INCIDENT_CATEGORY_CRIMINAL_DAMAGE
    assert damage.category == "criminal_damage"

    support = shared_for(stack, "victim_support", key, {"referral_made"})
    (referral,) = [e.referral_made for e in support if e.HasField("referral_made")]
    assert referral.counterpart == vocab.AGENCY_KIND_DDPO


def test_the_ddpo_shares_the_victims_refusal_of_police_involvement(stack, played):
    key = stack.match_key(played.subject)
    ddpo = shared_for(stack, "ddpo", key, {"consent_recorded", "incident_reported"})
    consents = [e for e in ddpo if e.HasField("consent_recorded")]
    assert consents
    for event in consents:
        assert vocab.RECIPIENT_POLICE in event.consent_recorded.refused_recipients
        assert all(s.recipient != vocab.RECIPIENT_POLICE for s in event.consent_recorded.scopes)
    (report,) = [e for e in ddpo if e.HasField("incident_reported")]
    # The refusal is on the topic before the report it protects.
    assert min(e.source_sequence for e in consents) < report.source_sequence
    assert report.incident_reported.source == vocab.REPORT_SOURCE_THIRD_PARTY
