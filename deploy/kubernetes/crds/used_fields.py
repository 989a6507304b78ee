"""The fields of the operators' custom resources that the chart uses, as JSON
schemas: hand-written from the Strimzi (0.48+, kafka.strimzi.io/v1beta2),
CloudNativePG (1.25+, postgresql.cnpg.io/v1) and cert-manager (1.16+,
cert-manager.io/v1) API references, not the projects' CRD files (no package
registry reachable here carries them). Each object is closed
(additionalProperties false) so that a misspelt or unknown field fails, and the
enumerations are the APIs' own; a field the chart starts using must be added
here first."""

from typing import Any


def closed(required: list[str] | None = None, **properties: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required or [],
        "additionalProperties": False,
    }


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
STRINGS = {"type": "array", "items": STRING}
QUANTITY = {"type": ["string", "integer"]}
RESOURCES = closed(
    requests=closed(cpu=QUANTITY, memory=QUANTITY), limits=closed(cpu=QUANTITY, memory=QUANTITY)
)
LABELS = {"type": "object", "additionalProperties": STRING}
METADATA = closed(["name"], name=STRING, labels=LABELS, annotations=LABELS)
LABEL_SELECTOR = {"type": "object"}  # a core LabelSelector


def resource(api_version: str, kind: str, spec: dict[str, Any]) -> dict[str, Any]:
    return closed(
        ["apiVersion", "kind", "metadata", "spec"],
        apiVersion={"const": api_version},
        kind={"const": kind},
        metadata=METADATA,
        spec=spec,
    )


# Strimzi
KAFKA_NODE_POOL = resource(
    "kafka.strimzi.io/v1beta2",
    "KafkaNodePool",
    closed(
        ["replicas", "roles", "storage"],
        replicas={"type": "integer", "minimum": 0},
        roles={"type": "array", "items": {"enum": ["controller", "broker"]}, "minItems": 1},
        storage=closed(
            ["type"],
            type={"enum": ["ephemeral", "persistent-claim", "jbod"]},
            volumes={
                "type": "array",
                "items": closed(
                    ["type"],
                    id=INTEGER,
                    type={"enum": ["ephemeral", "persistent-claim"]},
                    size=STRING,
                    deleteClaim=BOOLEAN,
                    kraftMetadata={"enum": ["shared"]},
                ),
            },
        ),
        resources=RESOURCES,
    ),
)
LISTENER = closed(
    ["name", "port", "type", "tls"],
    name={"type": "string", "pattern": "^[a-z0-9]{1,11}$"},
    port={"type": "integer", "minimum": 9092},
    type={"enum": ["internal", "route", "loadbalancer", "nodeport", "ingress", "cluster-ip"]},
    tls=BOOLEAN,
    authentication=closed(["type"], type={"enum": ["tls", "scram-sha-512", "oauth", "custom"]}),
    networkPolicyPeers={
        "type": "array",
        "items": closed(
            podSelector=LABEL_SELECTOR, namespaceSelector=LABEL_SELECTOR, ipBlock={"type": "object"}
        ),
    },
)
KAFKA = resource(
    "kafka.strimzi.io/v1beta2",
    "Kafka",
    closed(
        ["kafka"],
        kafka=closed(
            ["listeners"],
            version=STRING,
            metadataVersion=STRING,
            listeners={"type": "array", "items": LISTENER, "minItems": 1},
            authorization=closed(
                ["type"],
                type={"enum": ["simple", "opa", "keycloak", "custom"]},
                superUsers=STRINGS,
            ),
            config={"type": "object"},
        ),
        clientsCa=closed(generateCertificateAuthority=BOOLEAN, validityDays=INTEGER),
        clusterCa=closed(generateCertificateAuthority=BOOLEAN, validityDays=INTEGER),
        entityOperator=closed(topicOperator={"type": "object"}, userOperator={"type": "object"}),
    ),
)
KAFKA_TOPIC = resource(
    "kafka.strimzi.io/v1beta2",
    "KafkaTopic",
    closed(
        topicName=STRING,
        partitions={"type": "integer", "minimum": 1},
        replicas={"type": "integer", "minimum": 1, "maximum": 32767},
        config={"type": "object"},
    ),
)
ACL_OPERATIONS = [
    "Read", "Write", "Create", "Delete", "Alter", "Describe", "ClusterAction",
    "AlterConfigs", "DescribeConfigs", "IdempotentWrite", "All",
]  # fmt: skip
KAFKA_USER = resource(
    "kafka.strimzi.io/v1beta2",
    "KafkaUser",
    closed(
        authentication=closed(["type"], type={"enum": ["tls", "tls-external", "scram-sha-512"]}),
        authorization=closed(
            ["type", "acls"],
            type={"enum": ["simple"]},
            acls={
                "type": "array",
                "items": closed(
                    ["resource"],
                    resource=closed(
                        ["type"],
                        type={"enum": ["topic", "group", "cluster", "transactionalId"]},
                        name=STRING,
                        patternType={"enum": ["literal", "prefix"]},
                    ),
                    operations={"type": "array", "items": {"enum": ACL_OPERATIONS}},
                    host=STRING,
                    type={"enum": ["allow", "deny"]},
                ),
            },
        ),
    ),
)
# CloudNativePG
SECRET_REF = closed(["name"], name=STRING)
CLUSTER = resource(
    "postgresql.cnpg.io/v1",
    "Cluster",
    closed(
        ["instances", "storage"],
        instances={"type": "integer", "minimum": 1},
        storage=closed(["size"], size=STRING, storageClass=STRING),
        resources=RESOURCES,
        certificates=closed(
            serverCASecret=STRING,
            serverTLSSecret=STRING,
            clientCASecret=STRING,
            replicationTLSSecret=STRING,
        ),
        bootstrap=closed(
            initdb=closed(
                database=STRING,
                owner=STRING,
                secret=SECRET_REF,
                postInitApplicationSQL=STRINGS,
            )
        ),
        managed=closed(
            roles={
                "type": "array",
                "items": closed(
                    ["name"],
                    name=STRING,
                    ensure={"enum": ["present", "absent"]},
                    login=BOOLEAN,
                    passwordSecret=SECRET_REF,
                ),
            }
        ),
    ),
)
# cert-manager
ISSUER_REF = closed(["name"], name=STRING, kind={"enum": ["Issuer", "ClusterIssuer"]})
ISSUER = resource(
    "cert-manager.io/v1",
    "Issuer",
    {
        "oneOf": [
            closed(["selfSigned"], selfSigned={"type": "object"}),
            closed(["ca"], ca=closed(["secretName"], secretName=STRING)),
        ]
    },
)
USAGES = [
    "signing", "digital signature", "content commitment", "key encipherment",
    "key agreement", "data encipherment", "cert sign", "crl sign", "encipher only",
    "decipher only", "any", "server auth", "client auth", "code signing",
    "email protection", "s/mime", "ipsec end system", "ipsec tunnel", "ipsec user",
    "timestamping", "ocsp signing", "microsoft sgc", "netscape sgc",
]  # fmt: skip
CERTIFICATE = resource(
    "cert-manager.io/v1",
    "Certificate",
    closed(
        ["secretName", "issuerRef"],
        secretName=STRING,
        commonName=STRING,
        isCA=BOOLEAN,
        uris=STRINGS,
        dnsNames=STRINGS,
        duration=STRING,
        renewBefore=STRING,
        privateKey=closed(
            algorithm={"enum": ["RSA", "ECDSA", "Ed25519"]},
            size=INTEGER,
            encoding={"enum": ["PKCS1", "PKCS8"]},
            rotationPolicy={"enum": ["Never", "Always"]},
        ),
        usages={"type": "array", "items": {"enum": USAGES}},
        issuerRef=ISSUER_REF,
    ),
)

SCHEMAS = {
    (s["properties"]["apiVersion"]["const"], s["properties"]["kind"]["const"]): s
    for s in (KAFKA_NODE_POOL, KAFKA, KAFKA_TOPIC, KAFKA_USER, CLUSTER, ISSUER, CERTIFICATE)
}
