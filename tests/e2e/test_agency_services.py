"""The four agency services as independent deployments: each with its own
database and role, and each API usable by an independent client (grpcurl)."""

import json
import os
import shutil
import subprocess
import uuid

import psycopg
import pytest

from deploy.local.stack import LOCAL
from services.agencies import BY_NAME
from services.common.principals import agency_system

GRPCURL = shutil.which("grpcurl") or str(LOCAL / "tools" / "bin" / "grpcurl")
AGENCY_SERVICES = {
    "police": "marac.v1.PoliceService",
    "social_landlord": "marac.v1.LandlordService",
    "victim_support": "marac.v1.VictimSupportService",
    "ddpo": "marac.v1.DdpoService",
}


def grpcurl(stack, agency: str, *args: str) -> str:
    """grpcurl as the agency's own case system, with its certificate and key."""
    assert os.path.exists(GRPCURL), "grpcurl missing; run deploy/local/bootstrap.sh"
    system = stack.certificates[agency_system(agency)]
    as_system = ["-cacert", str(system.authority), "-cert", str(system.certificate)]
    result = subprocess.run(
        [GRPCURL, *as_system, "-key", str(system.key), *args],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("agency", BY_NAME)
def test_no_agency_role_can_open_another_agencys_database(stack, agency):
    own = stack.databases[agency]
    with psycopg.connect(own.conninfo()) as conn:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE tablename LIKE %s",
                            [f"{agency}_%"]).fetchone()[0] >= 1  # fmt: skip
    for other in BY_NAME:
        if other == agency:
            continue
        foreign = stack.databases[other]
        trespass = psycopg.conninfo.make_conninfo(own.conninfo(), dbname=foreign.dbname)
        with pytest.raises(psycopg.OperationalError, match="permission denied"):
            psycopg.connect(trespass).close()


@pytest.mark.parametrize("agency", BY_NAME)
def test_grpcurl_lists_describes_and_calls_each_agency_service(stack, agency):
    address = stack.grpc_address(agency)
    services = grpcurl(stack, agency, address, "list").split()
    assert {
        "marac.v1.AgencyCaseService",
        AGENCY_SERVICES[agency],
        "grpc.health.v1.Health",
    } <= set(services)
    assert "rpc OpenCase" in grpcurl(
        stack, agency, address, "describe", "marac.v1.AgencyCaseService"
    )
    assert "service" in grpcurl(stack, agency, address, "describe", AGENCY_SERVICES[agency])

    reference = f"GRPCURL-{uuid.uuid4().hex[:8].upper()}"
    opened = json.loads(
        grpcurl(
            stack,
            agency,
            "-d",
            json.dumps(
                {
                    "request_id": str(uuid.uuid4()),
                    "case_reference": reference,
                    "subject": {
                        "given_name": "Curl",
                        "family_name": "Client",
                        "date_of_birth": "1990-05-05",
                        "postcode": "L20 3AB",
                    },
                }
            ),
            address,
            "marac.v1.AgencyCaseService/OpenCase",
        )
    )
    assert opened == {"case_reference": reference}  # and no match key
    fetched = json.loads(
        grpcurl(
            stack,
            agency,
            "-d",
            json.dumps({"case_reference": reference}),
            address,
            "marac.v1.AgencyCaseService/GetCase",
        )
    )
    assert fetched["subject"]["family_name"] == "Client"
    health = json.loads(grpcurl(stack, agency, address, "grpc.health.v1.Health/Check"))
    assert health["status"] == "SERVING"
