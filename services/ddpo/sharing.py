"""What a DDPO shares: the allow-list from its domain events to shared events.

| domain event | shared event | fields shared |
|---|---|---|
| Case.Opened | CaseOpened | the envelope only (empty subject_key when no one is named) |
| Case.IncidentRecorded | IncidentReported | the incident fields below |
| DdpoCase.ReportRecorded | IncidentReported | the incident fields below |
| Case.RiskAssessed | RiskAssessed | level, tool |
| Case.ConsentRecorded | ConsentRecorded | scopes, refused_recipients, change |
| Case.OverrideRecorded | OverrideRecorded | the override fields below |
| Case.OverrideRevoked | OverrideRevoked | override_id |
| DdpoCase.SupportChanged | SupportChanged | area, open |
| DdpoCase.AdvocacyStarted | SupportChanged | area (always ADVOCACY), open (always true) |
| Case.Closed | CaseClosed | outcome, satisfaction |
| Case.ReferredToMarac | MaracReferralMade | ground (never the referrer's reason) |

The incident fields: incident_id, strands, classification, perceived_by,
postcode_district, source (victim, third party, anonymous, professional) and
category. The override fields: override_id, basis, scopes, authoriser_role and
expires_at (never who authorised it by name, nor why). While the victim does not
want police involvement, every ConsentRecorded refuses the police and consents
nothing to them.

Never shared: the subject's identity, full postcodes, narratives, who the
third-party reporter was, why the victim does not want the police
(DdpoCase.PoliceWishRecorded: its effect travels as the consent's refusal),
access needs and interpreters (DdpoCase.AccessNeedsRecorded), advocacy time
(DdpoCase.AdvocacyTimeRecorded: a measure of the DDPO's capacity, not of risk),
and the waiting list (DdpoCase.JoinedWaitingList, DdpoCase.LeftWaitingList and
the WaitingList aggregate's events).

An anonymous report shares its incident with an empty subject key: it names no
one and still counts in hotspot figures by district, strand, category and month.
"""

from marac.v1 import case_events_pb2 as pb
from services.common.contract import to_proto
from services.common.sharing import Mapping, Shared, incident_reported
from services.common.vocabulary import SupportArea
from services.ddpo.domain import DdpoCase


def support_changed(event: DdpoCase.SupportChanged) -> Shared:
    return Shared(
        "support_changed",
        pb.SupportChanged(area=to_proto(SupportArea(event.area)), open=event.open),
        event.timestamp,
    )


def advocacy_started(event: DdpoCase.AdvocacyStarted) -> Shared:
    # Tells the panel the victim has an advocate to ask, not how they got one.
    return Shared(
        "support_changed",
        pb.SupportChanged(area=to_proto(SupportArea.ADVOCACY), open=True),
        event.started_at,
    )


DDPO_SHARING: dict[type, Mapping] = {
    # A report carries the same incident fields as the kernel's incident.
    DdpoCase.ReportRecorded: incident_reported,
    DdpoCase.SupportChanged: support_changed,
    DdpoCase.AdvocacyStarted: advocacy_started,
}
