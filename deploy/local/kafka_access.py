"""Who may do what on the local Kafka broker. The broker knows each client by the
principal its certificate names (deploy/local/kafka.sh maps the certificate's CN,
for example `relay/police`, to `User:relay/police`) and allows only what an ACL
here allows; the broker and the operator are its super users, and no one else
may create, delete or truncate topics or records.

A stack grants, for its own topics only (LITERAL names, never a prefix):
each relay WRITE on its agency's topic; the projection READ on every case topic
and on its consumer group; RiskView WRITE on the disclosure topic; each principal
that serves calls WRITE on the access log (deploy/local/topology.py says the rest).
"""

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from kafka.admin import (
    ACL,
    ACLFilter,
    ACLOperation,
    ACLPermissionType,
    ACLResourcePatternType,
    KafkaAdminClient,
    ResourcePattern,
    ResourcePatternFilter,
    ResourceType,
)

from deploy.local.pki import Pki
from services.common.principals import STACK_OPERATOR, Principal

ANY_HOST = "*"
# The local broker (deploy/local/kafka.sh), or another given by the environment.
KAFKA_BOOTSTRAP = os.environ.get("MARAC_KAFKA_BOOTSTRAP", "127.0.0.1:29092")


def client_options(principal: Principal = STACK_OPERATOR) -> dict[str, object]:
    """What a kafka-python client is given to connect as `principal`."""
    return Pki().issued(principal).identity().kafka_options()


@contextmanager
def operator_admin(bootstrap: str) -> Iterator[KafkaAdminClient]:
    """The broker's admin API, as the local stack's operator (a super user)."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, **client_options())
    try:
        yield admin
    finally:
        admin.close()


@dataclass(frozen=True)
class Grant:
    """`principal` may do `operations` on the topic or group `name`."""

    principal: Principal
    resource: ResourceType
    name: str
    operations: tuple[ACLOperation, ...]

    def acls(self) -> list[ACL]:
        pattern = ResourcePattern(self.resource, self.name, ACLResourcePatternType.LITERAL)
        return [
            ACL(f"User:{self.principal.path}", ANY_HOST, op, ACLPermissionType.ALLOW, pattern)
            for op in self.operations
        ]


def writes(principal: Principal, topic: str) -> Grant:
    return Grant(principal, ResourceType.TOPIC, topic, (ACLOperation.WRITE, ACLOperation.DESCRIBE))


def reads(principal: Principal, topic: str) -> Grant:
    return Grant(principal, ResourceType.TOPIC, topic, (ACLOperation.READ, ACLOperation.DESCRIBE))


def joins(principal: Principal, group: str) -> Grant:
    return Grant(principal, ResourceType.GROUP, group, (ACLOperation.READ, ACLOperation.DESCRIBE))


def grant(bootstrap: str, grants: Iterable[Grant]) -> None:
    acls = [acl for g in grants for acl in g.acls()]
    with operator_admin(bootstrap) as admin:
        result = admin.create_acls(acls)
    if result["failed"]:
        raise RuntimeError(f"{len(result['failed'])} ACLs not created")


def revoke(bootstrap: str, resources: Iterable[tuple[ResourceType, str]]) -> None:
    """Removes every ACL on these topics or groups (their stack is gone)."""
    filters = [
        ACLFilter(
            None,
            None,
            ACLOperation.ANY,
            ACLPermissionType.ANY,
            ResourcePatternFilter(kind, name, ACLResourcePatternType.LITERAL),
        )
        for kind, name in resources
    ]
    with operator_admin(bootstrap) as admin:
        admin.delete_acls(filters)
