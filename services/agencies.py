"""The agencies that take part in MARAC Hub: one entry each.

Everything that varies by agency kind derives from its entry here: the kind and the
recipient on the wire (marac.v1.AgencyKind and Recipient, found by the entry's
name), the Python vocabulary (services.common.vocabulary.AgencyKind and
Recipient), the package that runs it (`python -m services.<name>`), its topic,
database and port in the local stack, the topics the risk projection reads, the
proto module with the agency's own vocabularies, and the README's table.

The name is the agency's one identifier everywhere: its package, its event store,
its topic, its database, and the lower-case name of its proto enum values
(AGENCY_KIND_SOCIAL_LANDLORD is "social_landlord").

Adding an agency kind: add AGENCY_KIND_<NAME> and RECIPIENT_<NAME> to
protos/marac/v1/vocabulary.proto, an entry below, and the package
services/<name>/ (see README, "Adding an agency kind").
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from marac.v1 import vocabulary_pb2

if TYPE_CHECKING:
    from services.common.agency import AgencyDefinition


@dataclass(frozen=True)
class Agency:
    name: str
    # What the agency records, in a few words (the README's table, the demo).
    records: str
    # The port of its gRPC service in the demo stack.
    grpc_port: int
    # The proto module of its own API, whose enums are its vocabularies; None when
    # it has only the kernel's API.
    contract: str | None = None
    # The package that runs it; services.<name> unless said otherwise.
    package: str = ""
    # marac.v1.AgencyKind and Recipient numbers; found from the name unless given
    # (an agency defined before its proto values exist, as a test does).
    kind: int = 0
    recipient: int = 0

    def __post_init__(self) -> None:
        if not self.package:
            object.__setattr__(self, "package", f"services.{self.name}")
        if not self.kind:
            object.__setattr__(
                self, "kind", vocabulary_pb2.AgencyKind.Value(f"AGENCY_KIND_{self.name.upper()}")
            )
        if not self.recipient:
            object.__setattr__(
                self, "recipient", vocabulary_pb2.Recipient.Value(f"RECIPIENT_{self.name.upper()}")
            )

    def topic(self, prefix: str) -> str:
        """The agency's topic of shared case events in a deployment named `prefix`."""
        return f"{prefix}.case-events.{self.name}"

    def actions_topic(self, prefix: str) -> str:
        """The actions MARAC meetings agreed for the agency (the meetings' relay writes it)."""
        return f"{prefix}.meeting-actions.{self.name}"

    def action_updates_topic(self, prefix: str) -> str:
        """How the agency's cases record those actions (its relay writes it)."""
        return f"{prefix}.action-updates.{self.name}"

    def vocabularies(self) -> ModuleType | None:
        return importlib.import_module(self.contract) if self.contract else None

    def definition(self) -> AgencyDefinition:
        """The agency's records, sharing and API (its package's `agency.AGENCY`)."""
        return importlib.import_module(f"{self.package}.agency").AGENCY


AGENCIES: tuple[Agency, ...] = (
    Agency(
        "police",
        records="crimes and incidents, investigations",
        grpc_port=50061,
        contract="marac.v1.police_pb2",
    ),
    Agency(
        "social_landlord",
        records="reports, response standards, actions, enforcement",
        grpc_port=50062,
        contract="marac.v1.landlord_pb2",
    ),
    Agency(
        "victim_support",
        records="referrals, needs, support plans, contacts",
        grpc_port=50063,
        contract="marac.v1.victim_support_pb2",
    ),
    Agency(
        "ddpo",
        records="third-party and anonymous reports, advocacy, waiting list",
        grpc_port=50064,
        contract="marac.v1.ddpo_pb2",
    ),
)

BY_NAME = {agency.name: agency for agency in AGENCIES}
BY_KIND = {agency.kind: agency for agency in AGENCIES}
RECIPIENT_OF_KIND = {agency.kind: agency.recipient for agency in AGENCIES}
