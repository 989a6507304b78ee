"""The Kubernetes chart (deploy/kubernetes/marac-hub), rendered by helm as an
install would be: every resource valid (the core kinds against Kubernetes' own
schemas, offline; the operators' kinds against the fields the chart uses), the
Kafka users' ACLs exactly the local broker's table, and network paths exactly
the servers' access tables."""

import json
import os
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import jsonschema
import kubernetes_validate
import pytest
import yaml

from deploy.kubernetes import generate
from deploy.kubernetes.crds.used_fields import SCHEMAS
from deploy.local.databases import LOCAL
from services.common import principals
from shared_view import areas
from shared_view.rules import RETENTION_DAYS, Rules

CHART = Path(generate.__file__).parent / "marac-hub"
KUBERNETES_VERSION = "1.33.0"
HELM = LOCAL / "tools" / "bin" / "helm"  # deploy/local/bootstrap.sh builds it


def render(chart: Path = CHART, *options: str) -> list[dict]:
    """`options`: helm's, as an install gives them (-f values.yaml)."""
    helm = str(HELM) if HELM.exists() else shutil.which("helm")
    assert helm, "helm not found: run deploy/local/bootstrap.sh"
    out = subprocess.run(
        [helm, "template", "marac", str(chart), "--namespace", "marac-hub", *options],
        capture_output=True, text=True, check=True, timeout=120,
        env={**os.environ, "HELM_CACHE_HOME": str(LOCAL / "helm")},
    ).stdout  # fmt: skip
    return [doc for doc in yaml.safe_load_all(out) if doc]


@pytest.fixture(scope="module")
def resources() -> list[dict]:
    return render()


def of_kind(resources: list[dict], kind: str) -> dict[str, dict]:
    return {r["metadata"]["name"]: r for r in resources if r["kind"] == kind}


def rendered_acls(resources: list[dict]) -> set[tuple[str, ...]]:
    """Every rendered ACL rule as (principal, resource type, name, pattern, operation, host)."""
    return {
        (
            user["metadata"]["annotations"]["marac-hub/principal"],
            acl["resource"]["type"],
            acl["resource"]["name"],
            acl["resource"]["patternType"],
            op,
            acl["host"],
        )
        for user in of_kind(resources, "KafkaUser").values()
        for acl in user["spec"]["authorization"]["acls"]
        for op in acl["operations"]
    }


def local_acls() -> set[tuple[str, ...]]:
    """The local broker's ACLs (deploy/local/topology.py's grants, as kafka_access
    creates them) in the same terms."""
    return {
        (
            acl.principal.removeprefix("User:"),
            acl.resource_pattern.resource_type.name.lower(),
            acl.resource_pattern.resource_name,
            acl.resource_pattern.pattern_type.name.lower(),
            acl.operation.name.capitalize(),
            acl.host,
        )
        for grant in generate.ClusterTopology().kafka_grants
        for acl in grant.acls()
    }


def test_the_deployment_table_is_the_one_the_local_tables_generate():
    assert (CHART / "deployment.yaml").read_text() == generate.render(), (
        "run python -m deploy.kubernetes.generate"
    )


def test_every_rendered_resource_is_valid(resources):
    kinds = defaultdict(int)
    for r in resources:
        kinds[r["kind"]] += 1
        custom = SCHEMAS.get((r["apiVersion"], r["kind"]))
        if custom is not None:
            jsonschema.validate(r, custom)
        else:
            kubernetes_validate.validate(r, KUBERNETES_VERSION, strict=True)
    print(dict(kinds))
    for kind in ("Deployment", "Service", "NetworkPolicy", "Secret", "Job"):
        assert kinds[kind], kind
    for _, kind in SCHEMAS:
        assert kinds[kind], kind


def test_a_misspelt_field_of_an_operator_resource_is_refused(resources):
    user = next(iter(of_kind(resources, "KafkaUser").values()))
    wrong = {**user, "spec": {**user["spec"], "authentification": {"type": "tls"}}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(wrong, SCHEMAS[(user["apiVersion"], "KafkaUser")])


def test_the_kafka_users_acls_are_the_local_brokers(resources):
    rendered, local = rendered_acls(resources), local_acls()
    assert rendered == local, {"only rendered": rendered - local, "only local": local - rendered}
    # Kafka names a client by its certificate's CN: each user's certificate has it.
    certificates = of_kind(resources, "Certificate")
    for name in of_kind(resources, "KafkaUser"):
        assert certificates[name]["spec"]["commonName"] == name


def test_the_acl_comparison_fails_when_the_chart_grants_one_more_or_one_less(tmp_path):
    copy = tmp_path / "marac-hub"
    shutil.copytree(CHART, copy)
    table = yaml.safe_load((copy / "deployment.yaml").read_text())
    dropped = table["kafkaUsers"][0]["acls"].pop()
    table["kafkaUsers"][1]["acls"].append(dropped)  # another user's, now
    (copy / "deployment.yaml").write_text(yaml.safe_dump(table, sort_keys=False))
    rendered, local = rendered_acls(render(copy)), local_acls()
    assert rendered != local
    assert len(local - rendered) == 1 and len(rendered - local) == 1


def ingress_from(policy: dict) -> dict[int, set[str]]:
    """Who a policy lets in, by port: pods by name, namespaces by principal."""
    found: dict[int, set[str]] = defaultdict(set)
    for rule in policy["spec"].get("ingress") or []:
        for port in rule["ports"]:
            for peer in rule["from"]:
                labels = next(iter(peer.values()))["matchLabels"]
                found[port["port"]] |= {f"{k}={v}" for k, v in labels.items()}
    return found


def test_only_the_callers_an_access_table_allows_reach_a_server(resources):
    policies = of_kind(resources, "NetworkPolicy")
    pod, outside = "app.kubernetes.io/name", "marac-hub/principal"
    riskview, meetings = ingress_from(policies["riskview"]), ingress_from(policies["marac"])
    assert riskview == {50070: {f"{pod}=marac", f"{pod}=web"}}
    assert meetings == {50066: {f"{pod}=riskview", f"{pod}=web"}}
    assert ingress_from(policies["identity"]) == {50068: {f"{pod}=web"}}
    assert ingress_from(policies["audit"]) == {50072: {f"{pod}=web", f"{outside}=operator-stack"}}
    # An agency's service: its own case system's namespace, and nothing inside.
    assert ingress_from(policies["police"]) == {50061: {f"{outside}=agency-system-police"}}
    # A worker serves no one (its health probe is the kubelet's), and no policy
    # opens the probe port to a pod.
    assert ingress_from(policies["projection"]) == {}
    probe = generate.table()["probePort"]
    assert all(probe not in ingress_from(policy) for policy in policies.values())
    assert policies["marac-default-deny"]["spec"]["policyTypes"] == ["Ingress", "Egress"]


def test_a_process_reaches_out_only_to_what_it_uses(resources):
    egress = of_kind(resources, "NetworkPolicy")["riskview"]["spec"]["egress"]
    reached = {
        (port["port"], next(iter(peer.values()))["matchLabels"].get("app.kubernetes.io/name"))
        for rule in egress
        for port in rule["ports"]
        for peer in rule["to"]
    }
    # DNS, the brokers, its database (RiskView's reader role), the meeting service.
    assert {(p, name) for p, name in reached if name} == {(50066, "marac")}
    assert {p for p, _ in reached} == {53, 9093, 5432, 50066}


def test_each_process_has_its_principals_certificate_probes_and_resources(resources):
    deployments = of_kind(resources, "Deployment")
    certificates = of_kind(resources, "Certificate")
    assert set(deployments) == {p["name"] for p in generate.table()["processes"]}
    for p in generate.table()["processes"]:
        (container,) = deployments[p["name"]]["spec"]["template"]["spec"]["containers"]
        # The kubelet's probe has no certificate: the process's plaintext probe port,
        # which it opens where the environment says.
        env = {e["name"]: e.get("value") for e in container["env"]}
        probe = int(env["MARAC_PROBE_ADDRESS"].rsplit(":", 1)[1])
        assert container["readinessProbe"]["grpc"]["port"] == probe
        assert container["livenessProbe"]["grpc"]["port"] == probe
        assert container["resources"]["requests"] and container["resources"]["limits"]
        assert certificates[p["user"]]["spec"]["uris"] == [p["uri"]]
    assert certificates["riskview"]["spec"]["uris"] == [principals.RISKVIEW_PRINCIPAL.uri]


def areas_of(resources: list[dict]) -> dict[str, str]:
    """Each process given MARAC_AREAS -> its value."""
    found = {}
    for name, deployment in of_kind(resources, "Deployment").items():
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        for e in container["env"]:
            if e["name"] == areas.VARIABLE:
                found[name] = e["value"]
    return found


def test_riskview_the_meetings_and_the_web_app_get_the_same_areas_from_one_value(
    resources, tmp_path
):
    assert areas_of(resources) == dict.fromkeys(("riskview", "marac", "web"), "")
    liverpool = "LIV-SOUTH=L8,L17,L19;LIV-NORTH=L4,L5,L6"
    values = tmp_path / "values.yaml"
    values.write_text(yaml.safe_dump({"areas": liverpool}))
    given = areas_of(render(CHART, "-f", str(values)))
    assert given == dict.fromkeys(("riskview", "marac", "web"), liverpool)
    assert areas.areas_from_env({areas.VARIABLE: given["marac"]}) == areas.parse_areas(liverpool)


def retention_of(resources: list[dict]) -> dict[str, str]:
    """Each process and scheduled command given the retention period -> its value."""
    pods = [d["spec"]["template"] for d in of_kind(resources, "Deployment").values()]
    pods += [
        j["spec"]["jobTemplate"]["spec"]["template"] for j in of_kind(resources, "CronJob").values()
    ]
    return {
        pod["metadata"]["labels"]["app.kubernetes.io/name"]: e["value"]
        for pod in pods
        for container in pod["spec"]["containers"]
        for e in container["env"]
        if e["name"] == RETENTION_DAYS
    }


def test_the_projection_riskview_the_ledger_and_its_retention_get_one_period(resources, tmp_path):
    readers = ("projection", "riskview", "audit", "audit-retention")
    # Empty by default: each takes the rules' one default.
    assert retention_of(resources) == dict.fromkeys(readers, "")
    assert Rules.from_env({RETENTION_DAYS: ""}).retention_days == 365
    values = tmp_path / "values.yaml"
    values.write_text(yaml.safe_dump({"retentionDays": 30}))
    assert retention_of(render(CHART, "-f", str(values))) == dict.fromkeys(readers, "30")


def test_one_postgres_cluster_a_store_each_database_its_own_role(resources):
    clusters = of_kind(resources, "Cluster")
    assert set(clusters) == {
        "police", "social-landlord", "victim-support", "ddpo",
        "marac", "agreements", "readmodel", "audit", "identity", "figures",
    }  # fmt: skip
    readmodel = clusters["readmodel"]["spec"]
    assert readmodel["bootstrap"]["initdb"]["owner"] == "readmodel"
    assert [r["name"] for r in readmodel["managed"]["roles"]] == ["readmodel_reader"]


def test_topics_are_every_local_topic(resources):
    topics = {t["spec"]["topicName"] for t in of_kind(resources, "KafkaTopic").values()}
    assert topics == set(generate.ClusterTopology().topics)


def test_the_ledgers_retention_is_a_cronjob_as_its_retention_role_reaching_its_database_alone(
    resources, tmp_path
):
    (job,) = of_kind(resources, "CronJob").values()
    assert job["metadata"]["name"] == "audit-retention"
    assert job["spec"]["schedule"] == "17 3 * * *" and job["spec"]["concurrencyPolicy"] == "Forbid"
    pod = job["spec"]["jobTemplate"]["spec"]["template"]
    assert pod["metadata"]["labels"]["app.kubernetes.io/name"] == "audit-retention"
    (container,) = pod["spec"]["containers"]
    assert container["args"] == ["-m", "services.audit", "retain"]
    env = {e["name"]: e for e in container["env"]}
    # One pass a run (no interval), as the role that may only remove payloads.
    assert set(env) == {
        "PG_AUDIT_RETENTION_PASSWORD", "PGSSLMODE", "PGSSLROOTCERT", "MARAC_AUDIT_RETENTION_DSN",
        RETENTION_DAYS,
    }  # fmt: skip
    assert " user=audit_retention " in env["MARAC_AUDIT_RETENTION_DSN"]["value"]
    password = env["PG_AUDIT_RETENTION_PASSWORD"]["valueFrom"]["secretKeyRef"]
    assert password["name"] in of_kind(resources, "Secret")
    clusters = of_kind(resources, "Cluster")
    roles = [r["name"] for r in clusters["audit"]["spec"]["managed"]["roles"]]
    assert roles == ["audit_appender", "audit_retention"]
    (migrate,) = [c for c in of_kind(resources, "Job")["marac-migrate"]["spec"]["template"]
                  ["spec"]["containers"] if c["name"] == "audit"]  # fmt: skip
    assert "m.grant_retention(os.environ['DSN'], 'audit_retention')" in migrate["command"][-1]

    policies = of_kind(resources, "NetworkPolicy")
    egress = policies["audit-retention"]["spec"]["egress"]
    reached = {
        (port["port"], json.dumps(peer, sort_keys=True))
        for rule in egress
        for port in rule["ports"]
        for peer in rule["to"]
    }
    assert {p for p, _ in reached} == {53, 5432}
    assert {peer for p, peer in reached if p == 5432} == {
        json.dumps({"podSelector": {"matchLabels": {"cnpg.io/cluster": "audit"}}})
    }
    assert ingress_from(policies["audit-retention"]) == {}
    assert (
        "app.kubernetes.io/name=audit-retention" in ingress_from(policies["postgres-audit"])[5432]
    )
    assert all(
        "app.kubernetes.io/name=audit-retention" not in ingress_from(p).get(5432, set())
        for name, p in policies.items()
        if name.startswith("postgres-") and name != "postgres-audit"
    )

    values = tmp_path / "values.yaml"
    values.write_text(yaml.safe_dump({"schedules": {"audit-retention": "0 1 * * 0"}}))
    (weekly,) = of_kind(render(CHART, "-f", str(values)), "CronJob").values()
    assert weekly["spec"]["schedule"] == "0 1 * * 0"
