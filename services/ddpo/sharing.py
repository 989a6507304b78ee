"""What a DDPO shares besides the kernel's events (services.common.sharing).

| domain event | shared event | fields shared |
|---|---|---|
| `DdpoCase.ReportRecorded` | `IncidentReported` | incident_id, strands, classification, perceived_by, postcode_district, source (victim, third party, anonymous, professional), incident_category |
| `DdpoCase.SupportChanged` | `SupportChanged` | area, open |
| `DdpoCase.AdvocacyStarted` | `SupportChanged` | area (always ADVOCACY), open (always true) |

While the victim does not want police involvement, every `ConsentRecorded`
refuses the police and consents nothing to them. A case that names no one shares
its events with an empty subject key: its incidents name no one and still count in
hotspot figures by district, strand, category and month.

Never shared: who the third-party reporter was, why the victim does not want the
police (`DdpoCase.PoliceWishRecorded`: its effect travels as the consent's
refusal), access needs and interpreters (`DdpoCase.AccessNeedsRecorded`),
advocacy time (`DdpoCase.AdvocacyTimeRecorded`: a measure of the DDPO's capacity,
not of risk), and the waiting list (`DdpoCase.JoinedWaitingList`,
`DdpoCase.LeftWaitingList` and the WaitingList aggregate's events).
"""  # noqa: E501 (a table row is one line)

from marac.v1 import case_events_pb2 as pb
from services.common.contract import to_proto
from services.common.sharing import Mapping, Shared, incident_reported
from services.common.vocabulary import SupportArea
from services.ddpo.domain import DdpoCase


def support_changed(event: DdpoCase.SupportChanged) -> Shared:
    return Shared(
        "support_changed",
        pb.SupportChanged(area=to_proto(event.area), open=event.open),
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
    # A report carries the same incident as the kernel's incident.
    DdpoCase.ReportRecorded: incident_reported,
    DdpoCase.SupportChanged: support_changed,
    DdpoCase.AdvocacyStarted: advocacy_started,
}
