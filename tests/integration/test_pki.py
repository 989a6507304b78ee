"""The local PKI: one certificate per principal from one authority, keys kept
private, made once and renewed when close to expiry."""

import datetime
import stat
from concurrent.futures import ThreadPoolExecutor

import grpc
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from deploy.local.pki import Pki
from services.common.principals import RISKVIEW_PRINCIPAL, agency_service, agency_system

POLICE = agency_system("police")


def certificate(path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def test_each_principal_gets_a_certificate_naming_it_and_a_key_only_it_may_read(tmp_path):
    issued = Pki(tmp_path).issue([POLICE, RISKVIEW_PRINCIPAL])
    authority = certificate(tmp_path / "ca.pem")
    for principal, files in issued.items():
        cert = certificate(files.certificate)
        cert.verify_directly_issued_by(authority)
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        assert names.get_values_for_type(x509.UniformResourceIdentifier) == [principal.uri]
        assert stat.S_IMODE(files.key.stat().st_mode) == 0o600
        assert stat.S_IMODE(files.key.parent.stat().st_mode) == 0o700
        assert files.tls_env() == {
            "MARAC_TLS_CA": str(tmp_path / "ca.pem"),
            "MARAC_TLS_CERT": str(files.certificate),
            "MARAC_TLS_KEY": str(files.key),
        }
    assert stat.S_IMODE((tmp_path / "ca.key").stat().st_mode) == 0o600


def test_a_second_start_keeps_what_is_valid(tmp_path):
    first = Pki(tmp_path).issued(POLICE)
    serial = certificate(first.certificate).serial_number
    key = first.key.read_bytes()
    again = Pki(tmp_path).issued(POLICE)
    assert certificate(again.certificate).serial_number == serial
    assert again.key.read_bytes() == key


def test_a_certificate_close_to_expiry_is_renewed_by_the_next_start(tmp_path):
    short = Pki(tmp_path, lifetime=datetime.timedelta(days=10))
    old = certificate(short.issued(POLICE).certificate)
    renewed = certificate(Pki(tmp_path).issued(POLICE).certificate)
    assert renewed.serial_number != old.serial_number
    assert renewed.not_valid_after_utc - old.not_valid_after_utc > datetime.timedelta(days=60)


def test_a_new_authority_issues_every_certificate_again(tmp_path):
    old = certificate(Pki(tmp_path).issued(POLICE).certificate)
    (tmp_path / "ca.pem").unlink()
    renewed = certificate(Pki(tmp_path).issued(POLICE).certificate)
    assert renewed.serial_number != old.serial_number
    renewed.verify_directly_issued_by(certificate(tmp_path / "ca.pem"))


def test_only_a_serving_principal_can_prove_a_server(tmp_path):
    """A client's certificate (an agency's case system) cannot stand in for a server:
    a channel to a server showing it fails the handshake; an agency service's passes."""
    pki = Pki(tmp_path)
    client = pki.issued(agency_system("operator-probe")).channel_credentials()
    usages = certificate(pki.issued(POLICE).certificate).extensions
    assert list(usages.get_extension_for_class(x509.ExtendedKeyUsage).value) == [
        ExtendedKeyUsageOID.CLIENT_AUTH
    ]
    for server_principal, reached in ((POLICE, False), (agency_service("police"), True)):
        server = grpc.server(ThreadPoolExecutor(max_workers=1))
        servicer = health.HealthServicer()
        health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
        credentials = pki.issued(server_principal).identity().server_credentials()
        port = server.add_secure_port("127.0.0.1:0", credentials)
        server.start()
        try:
            with grpc.secure_channel(f"127.0.0.1:{port}", client) as channel:
                stub = health_pb2_grpc.HealthStub(channel)
                try:
                    stub.Check(health_pb2.HealthCheckRequest(), timeout=3)
                    answered = True
                except grpc.RpcError as error:
                    assert error.code() == grpc.StatusCode.UNAVAILABLE
                    answered = False
            assert answered == reached, server_principal
        finally:
            server.stop(0)
