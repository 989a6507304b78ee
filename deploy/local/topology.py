"""The names of a local stack's topics and consumer groups, and who may do what on
them (the Kafka ACLs): one place, for the stack that provisions them and the tests
that check them."""

from collections.abc import Callable

from deploy.local.kafka_access import KAFKA_BOOTSTRAP, Grant, joins, reads, writes
from services.agencies import Agency
from services.audit.columns import (
    ACCESS,
    ACTION_UPDATE,
    AGREEMENT,
    CASE_EVENT,
    DISCLOSURE,
    MEETING_ACTION,
    OF_ONE_AGENCY,
)
from services.common import principals
from services.marac.publishing import MARAC_AGENCY_ID


class Topology:
    prefix: str
    agencies: tuple[Agency, ...]

    def topic(self, agency: str) -> str:
        return self._agency(agency).topic(self.prefix)

    def _agency(self, name: str) -> Agency:
        (agency,) = [a for a in self.agencies if a.name == name]
        return agency

    @property
    def case_topics(self) -> list[str]:
        """Every agency's topic and the MARAC meetings' topic: what the projection reads."""
        return [*(a.topic(self.prefix) for a in self.agencies), self.marac_topic]

    @property
    def topics(self) -> list[str]:
        return [
            *self.case_topics,
            self.disclosure_topic,
            self.access_log_topic,
            *self.action_topics,
            self.agreements_topic,
        ]

    def actions_topic(self, agency: str) -> str:
        return self._agency(agency).actions_topic(self.prefix)

    def action_updates_topic(self, agency: str) -> str:
        return self._agency(agency).action_updates_topic(self.prefix)

    @property
    def action_topics(self) -> list[str]:
        """Each agency's actions topic and its updates topic."""
        return [
            t
            for a in self.agencies
            for t in (self.actions_topic(a.name), self.action_updates_topic(a.name))
        ]

    def actions_group(self, agency: str) -> str:
        """The consumer group in which the agency's service reads its actions."""
        return f"{self.prefix}-{agency}-meeting-actions"

    @property
    def meeting_tracker_group(self) -> str:
        """The consumer group in which the meeting service reads the agencies' updates."""
        return f"{self.prefix}-meeting-tracker"

    @property
    def marac_topic(self) -> str:
        return f"{self.prefix}.case-events.marac"

    @property
    def disclosure_topic(self) -> str:
        return f"{self.prefix}.disclosures"

    @property
    def agreements_topic(self) -> str:
        """Each change of the data-sharing agreements, from the audit service's relay."""
        return f"{self.prefix}.agreements"

    @property
    def access_log_topic(self) -> str:
        """Every refusal and every view or search, from each service that serves calls."""
        return f"{self.prefix}.access-log"

    @property
    def access_log_env(self) -> dict[str, str]:
        """What each process that serves calls is told of the access log."""
        return {
            "MARAC_KAFKA_BOOTSTRAP": KAFKA_BOOTSTRAP,
            "MARAC_ACCESS_LOG_TOPIC": self.access_log_topic,
        }

    @property
    def access_log_writers(self) -> list[principals.Principal]:
        """The principals that serve calls: each writes the access log, no one else."""
        return [
            *(principals.agency_service(a.name) for a in self.agencies),
            principals.RISKVIEW_PRINCIPAL,
            principals.FIGURES_PRINCIPAL,
            principals.MEETINGS_PRINCIPAL,
            principals.IDENTITY_PRINCIPAL,
            principals.WEB_PRINCIPAL,
            principals.AUDIT_PRINCIPAL,
        ]

    @property
    def projection_id(self) -> str:
        """The risk projection's name, and its consumer group's."""
        return f"{self.prefix}-risk-projection"

    @property
    def figures_projection_id(self) -> str:
        """The figures projection's name, and its consumer group's."""
        return f"{self.prefix}-figures-projection"

    @property
    def kafka_grants(self) -> list[Grant]:
        """What each of the stack's principals may do on its topics, and no more."""
        return [
            *(writes(principals.relay(a.name), a.topic(self.prefix)) for a in self.agencies),
            *(reads(principals.PROJECTION_PRINCIPAL, topic) for topic in self.case_topics),
            reads(principals.PROJECTION_PRINCIPAL, self.agreements_topic),
            joins(principals.PROJECTION_PRINCIPAL, self.projection_id),
            *(reads(principals.FIGURES_PROJECTION, topic) for topic in self.case_topics),
            joins(principals.FIGURES_PROJECTION, self.figures_projection_id),
            writes(principals.RISKVIEW_PRINCIPAL, self.disclosure_topic),
            *(writes(p, self.access_log_topic) for p in self.access_log_writers),
            # The meetings' relay publishes each discussion for the projection.
            writes(principals.MEETINGS_RELAY, self.marac_topic),
            writes(principals.AGREEMENTS_RELAY, self.agreements_topic),
            *self._action_grants(),
            *self._audit_grants(),
        ]

    def _action_grants(self) -> list[Grant]:
        """The meetings' relay writes each agency's actions, which only that agency's
        service reads; each agency's relay writes its updates, which only the meeting
        service reads."""
        grants = [joins(principals.MEETINGS_PRINCIPAL, self.meeting_tracker_group)]
        for a in self.agencies:
            actions, updates = self.actions_topic(a.name), self.action_updates_topic(a.name)
            grants += [
                writes(principals.MEETINGS_RELAY, actions),
                reads(principals.agency_service(a.name), actions),
                joins(principals.agency_service(a.name), self.actions_group(a.name)),
                writes(principals.relay(a.name), updates),
                reads(principals.MEETINGS_PRINCIPAL, updates),
            ]
        return grants

    @property
    def audit_group(self) -> str:
        """The consumer group in which the audit service reads what its ledger keeps."""
        return f"{self.prefix}-audit-ledger"

    @property
    def audit_topics(self) -> dict[str, str]:
        """What the audit ledger keeps: each topic, with the kind of its records."""
        kinds = dict.fromkeys(self.case_topics, CASE_EVENT)
        kinds[self.disclosure_topic] = DISCLOSURE
        kinds[self.access_log_topic] = ACCESS
        kinds[self.agreements_topic] = AGREEMENT
        for a in self.agencies:
            kinds[self.actions_topic(a.name)] = MEETING_ACTION
            kinds[self.action_updates_topic(a.name)] = ACTION_UPDATE
        return kinds

    def audit_topics_setting(self, agency_id: Callable[[str], str]) -> str:
        """MARAC_AUDIT_TOPICS: each topic the ledger keeps with its kind, and a topic of
        one agency's case events or action updates with that agency's id (the
        deployment's, from its name)."""
        agencies = {self.marac_topic: MARAC_AGENCY_ID}
        for a in self.agencies:
            agencies[a.topic(self.prefix)] = agencies[self.action_updates_topic(a.name)] = (
                agency_id(a.name)
            )
        return ",".join(
            f"{topic}={kind}" + (f":{agencies[topic]}" if kind in OF_ONE_AGENCY else "")
            for topic, kind in self.audit_topics.items()
        )

    def _audit_grants(self) -> list[Grant]:
        """The audit service reads every topic its ledger keeps (and, serving calls,
        writes the access log like every other server). The ledger's retention
        (AUDIT_RETENTION) has no grant: it uses no broker."""
        return [
            *(reads(principals.AUDIT_PRINCIPAL, topic) for topic in self.audit_topics),
            joins(principals.AUDIT_PRINCIPAL, self.audit_group),
        ]
