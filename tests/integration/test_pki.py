"""The local PKI: one certificate per principal from one authority, keys kept
private, made once and renewed when close to expiry."""

import datetime
import stat

from cryptography import x509

from deploy.local.pki import Pki
from services.common.principals import RISKVIEW_PRINCIPAL, agency_system

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
