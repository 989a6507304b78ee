"""The DDPO's case: hate crime advocacy for a Deaf or Disabled victim, or a
report that names no one.

A case opens with a report: the victim's own, a third party's (naming the
victim when the reporter can) or an anonymous one. A case that names no one
has no subject and an empty subject key; its incidents still count in hotspot
figures. For a named victim the case also holds their wish about police
involvement, their access needs, the support areas open, the advocacy time
spent, and their place on the way to an advocate: not started, waiting, active.

The victim's wish not to involve the police is honoured here, in every consent
the case records, whichever command records it (a report, the kernel's
RecordConsent, a changed wish): the police are refused and nothing is consented
to them, so the shared view never shows the case to the police without a
recorded lawful-basis override.

The waiting list (services.ddpo.waiting_list) is an aggregate of its own, kept in
step with the cases' events in the same transaction.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventsourcing.domain import event

from services.common.case import Case, Consent, Incident
from services.common.errors import FailedPrecondition, NotFound, RuleBroken
from services.common.values import Value
from services.common.vocabulary import ConsentChange, Recipient, ReportSource, SupportArea
from services.ddpo.vocabulary import (
    AdvocacyStatus,
    PoliceInvolvement,
    PoliceReluctance,
    ReporterRelationship,
    WaitingListExit,
)

POLICE = Recipient.POLICE


class PoliceConsentedAgainstWish(RuleBroken):
    def __init__(self, index: int) -> None:
        super().__init__(
            "the victim does not want police involvement: nothing is shared with them", index
        )


class PoliceRefusedAgainstWish(RuleBroken):
    def __init__(self, index: int) -> None:
        super().__init__(
            "contradicts the victim's wish to involve the police; record a changed wish first",
            index,
        )


class WishRequired(RuleBroken):
    def __init__(self) -> None:
        super().__init__("is required when a report opens a case")


class VictimReportOpensNamedCase(RuleBroken):
    def __init__(self) -> None:
        super().__init__("is required to open a case with the victim's own report")


class VictimReportNeedsNamedCase(RuleBroken):
    def __init__(self) -> None:
        super().__init__("the victim's own report needs a case that names them")


class UnnamedCaseTakesNoName(RuleBroken):
    def __init__(self) -> None:
        super().__init__("this case names no one; a report naming the victim opens a new case")


class AlreadyWaiting(FailedPrecondition):
    def __init__(self) -> None:
        super().__init__("the case is already on the waiting list")


class AdvocacyAlreadyStarted(FailedPrecondition):
    def __init__(self) -> None:
        super().__init__("advocacy on the case has already started")


class NotWaiting(NotFound):
    def __init__(self) -> None:
        super().__init__("the case is not on the waiting list")


@dataclass(frozen=True)
class PoliceWish(Value):
    involvement: PoliceInvolvement
    reluctance: tuple[PoliceReluctance, ...] = ()


class DdpoCase(Case):
    may_name_no_one = True

    def on_open(self) -> None:
        # Who reported each incident: incident id -> reporter relationship (None: the victim).
        self.reporters: dict[str, ReporterRelationship | None] = {}
        # None until asked (a case opened with the kernel's OpenCase).
        self.police_involvement: PoliceInvolvement | None = None
        self.police_reluctance: tuple[PoliceReluctance, ...] = ()
        self.access_needs: list[dict[str, Any]] = []
        self.open_support: list[SupportArea] = []
        self.advocacy = AdvocacyStatus.NOT_STARTED
        self.waiting_since: datetime | None = None
        self.advocacy_started_at: datetime | None = None
        self.advocacy_minutes = 0

    @property
    def advocacy_status(self) -> AdvocacyStatus:
        if self.closed and self.advocacy == AdvocacyStatus.ACTIVE:
            return AdvocacyStatus.ENDED
        return self.advocacy

    # Reports

    def record_report(
        self,
        incident_id: str,
        incident: Incident,
        reporter: ReporterRelationship | None,
        consent: Consent,
        wish: PoliceWish | None,
        names_subject: bool,
    ) -> None:
        """A report with the consent given with it and, when said, the victim's wish
        about the police; the wish and the consent go first, so on the topic the
        refusal of the police always comes before the incident it covers."""
        victims_own = incident.source == ReportSource.VICTIM
        if self.is_new:
            if wish is None:
                raise WishRequired()
            if victims_own and not self.named:
                raise VictimReportOpensNamedCase()
        elif not self.named:
            if names_subject:
                raise UnnamedCaseTakesNoName()
            if victims_own:
                raise VictimReportNeedsNamedCase()
        if wish is not None:
            self._record_police_wish(wish=wish)
        self.record_consent(consent)
        self._record_report(incident_id=incident_id, incident=incident, reporter=reporter)

    @event("ReportRecorded")
    def _record_report(
        self, incident_id: str, incident: Incident, reporter: ReporterRelationship | None
    ) -> None:
        # The kernel's view of the same incident, so GetCase and every partner count it.
        self.incidents[incident_id] = incident
        self.reporters[incident_id] = reporter

    # The victim's wish about the police, honoured in every consent

    def consent_to_record(self, consent: Consent) -> Consent:
        if self.police_involvement == PoliceInvolvement.NOT_WANTED:
            for index, (recipient, _) in enumerate(consent.scopes):
                if recipient == POLICE:
                    raise PoliceConsentedAgainstWish(index)
            return Consent(consent.scopes, (*consent.refused, POLICE))
        if self.police_involvement == PoliceInvolvement.WANTED:
            for index, recipient in enumerate(consent.refused):
                if recipient == POLICE:
                    raise PoliceRefusedAgainstWish(index)
        return consent

    def record_police_wish(self, wish: PoliceWish) -> ConsentChange | None:
        """Records the victim's wish; returns how it changed the consent, if it did."""
        self._record_police_wish(wish=wish)
        scopes, refused = self.consent.scopes, self.consent.refused
        if wish.involvement == PoliceInvolvement.NOT_WANTED:
            after = Consent(tuple(s for s in scopes if s[0] != POLICE), (*refused, POLICE))
        elif wish.involvement == PoliceInvolvement.WANTED:
            after = Consent(scopes, tuple(r for r in refused if r != POLICE))
        else:
            after = self.consent
        if after.normalised() == self.consent:
            return None
        return self.record_consent(after)

    @event("PoliceWishRecorded")
    def _record_police_wish(self, wish: PoliceWish) -> None:
        self.police_involvement = wish.involvement
        self.police_reluctance = wish.reluctance

    # Advocacy

    def record_access_needs(self, needs: list[dict[str, Any]]) -> None:
        """Replaces the access needs; each is {need, language, interpreter}."""
        self.check_named()
        self._record_access_needs(needs=needs)

    @event("AccessNeedsRecorded")
    def _record_access_needs(self, needs: list[dict[str, Any]]) -> None:
        self.access_needs = needs

    def change_support(self, area: SupportArea, is_open: bool) -> None:
        """Opening what is open (or ending what is not) records nothing."""
        self.check_named()
        if (area in self.open_support) != is_open:
            self._change_support(area=area, open=is_open)

    @event("SupportChanged")
    def _change_support(self, area: SupportArea, open: bool) -> None:
        others = [a for a in self.open_support if a != area]
        self.open_support = sorted([*others, area]) if open else others

    def record_advocacy_time(self, worked_on: str, minutes: int, area: SupportArea | None) -> int:
        """Returns all the time recorded on the case, in minutes."""
        self.check_named()
        self._record_advocacy_time(worked_on=worked_on, minutes=minutes, area=area)
        return self.advocacy_minutes

    @event("AdvocacyTimeRecorded")
    def _record_advocacy_time(self, worked_on: str, minutes: int, area: SupportArea | None) -> None:
        self.advocacy_minutes += minutes

    # The way to an advocate

    def join_waiting_list(self, joined_at: datetime) -> None:
        self.check_named()
        if self.advocacy == AdvocacyStatus.WAITING:
            raise AlreadyWaiting()
        if self.advocacy == AdvocacyStatus.ACTIVE:
            raise AdvocacyAlreadyStarted()
        self._join_waiting_list(joined_at=joined_at)

    @event("JoinedWaitingList")
    def _join_waiting_list(self, joined_at: datetime) -> None:
        self.advocacy = AdvocacyStatus.WAITING
        self.waiting_since = joined_at

    def leave_waiting_list(self, reason: WaitingListExit) -> None:
        if self.advocacy != AdvocacyStatus.WAITING:
            raise NotWaiting()
        self._leave_waiting_list(reason=reason)

    @event("LeftWaitingList")
    def _leave_waiting_list(self, reason: WaitingListExit) -> None:
        self.advocacy = AdvocacyStatus.NOT_STARTED
        self.waiting_since = None

    def start_advocacy(self, started_at: datetime) -> None:
        """An advocate takes the case, from the waiting list or straight away."""
        self.check_named()
        if self.advocacy == AdvocacyStatus.ACTIVE:
            raise AdvocacyAlreadyStarted()
        self._start_advocacy(started_at=started_at)

    @event("AdvocacyStarted")
    def _start_advocacy(self, started_at: datetime) -> None:
        self.advocacy = AdvocacyStatus.ACTIVE
        self.waiting_since = None
        self.advocacy_started_at = started_at

    def before_closing(self, closed_at: datetime) -> None:
        """A closed case leaves the waiting list."""
        if self.advocacy == AdvocacyStatus.WAITING:
            self._leave_waiting_list(reason=WaitingListExit.CASE_CLOSED)
