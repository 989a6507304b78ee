"""The local deployment's certificate authority and one certificate per principal
(services.common.principals), made with the `cryptography` library under
.local/pki/ (ignored by git):

    .local/pki/ca.pem, ca.key              the authority (its key only this module reads)
    .local/pki/<kind>/<name>/cert.pem      a principal's certificate, its URI naming it
    .local/pki/<kind>/<name>/key.pem       its private key (0600, in a 0700 folder)

Idempotent: what exists and is valid is kept; a certificate within RENEW_BEFORE of
its expiry, or not issued by the current authority, is issued again; an authority
close to its own expiry is replaced, and with it every certificate. Each process
is given the paths of its own key and certificate only (tls_env).

    python -m deploy.local.pki PRINCIPAL...   # e.g. agency-system/police; prints the paths
"""

import argparse
import datetime
import fcntl
import ipaddress
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import grpc
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from services.common import principals
from services.common.files import replace_file
from services.common.principals import Principal
from services.common.tls import TlsIdentity

REPO = Path(__file__).resolve().parents[2]
PKI_DIR = Path(os.environ.get("MARAC_LOCAL_DIR", REPO / ".local")) / "pki"
AUTHORITY_LIFETIME = datetime.timedelta(days=730)
CERTIFICATE_LIFETIME = datetime.timedelta(days=90)
# Renewed by the next start when this close to expiry.
RENEW_BEFORE = datetime.timedelta(days=14)
AUTHORITY_RENEW_BEFORE = datetime.timedelta(days=60)
AUTHORITY_NAME = "MARAC Hub local certificate authority"
# The kinds that serve (an API, or health alone): only their certificates may
# prove a server, and only they are named for loopback. Every other principal's
# certificate is for clients only, so it cannot stand in for a server.
SERVER_KINDS = frozenset(
    {
        principals.AGENCY_SERVICE,
        principals.RELAY,
        principals.PROJECTION,
        principals.RISKVIEW,
        principals.IDENTITY,
        principals.MEETINGS,
        principals.WEB,
        principals.AUDIT,
        principals.FIGURES,
        principals.KAFKA,
        principals.POSTGRES,
    }
)


@dataclass(frozen=True)
class Issued:
    """Where one principal's certificate and key are."""

    principal: Principal
    authority: Path
    certificate: Path
    key: Path

    def tls_env(self) -> dict[str, str]:
        """The environment that gives a process this principal's identity, and no other."""
        return {
            "MARAC_TLS_CA": str(self.authority),
            "MARAC_TLS_CERT": str(self.certificate),
            "MARAC_TLS_KEY": str(self.key),
        }

    def identity(self) -> TlsIdentity:
        return TlsIdentity(
            self.authority.read_bytes(),
            self.certificate.read_bytes(),
            self.key.read_bytes(),
            files=(str(self.authority), str(self.certificate), str(self.key)),
        )

    def channel_credentials(self) -> grpc.ChannelCredentials:
        return self.identity().channel_credentials()


class Pki:
    def __init__(
        self,
        root: Path = PKI_DIR,
        lifetime: datetime.timedelta = CERTIFICATE_LIFETIME,
        renew_before: datetime.timedelta = RENEW_BEFORE,
    ) -> None:
        self.root = root
        self.lifetime = lifetime
        self.renew_before = renew_before

    @property
    def authority_path(self) -> Path:
        return self.root / "ca.pem"

    def issue(self, principals: Iterable[Principal]) -> dict[Principal, Issued]:
        """Each principal's certificate, made or renewed where needed."""
        with self._locked():
            authority_key, authority = self._authority()
            return {p: self._certificate(p, authority_key, authority) for p in principals}

    def issued(self, principal: Principal) -> Issued:
        return self.issue([principal])[principal]

    @contextmanager
    def _locked(self) -> Iterator[None]:
        # Test processes and the demo may issue at once; one at a time writes.
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        with open(self.root / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _authority(self) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
        key_path, cert_path = self.root / "ca.key", self.authority_path
        if key_path.exists() and cert_path.exists():
            authority = x509.load_pem_x509_certificate(cert_path.read_bytes())
            if _remaining(authority) > AUTHORITY_RENEW_BEFORE:
                key = serialization.load_pem_private_key(key_path.read_bytes(), None)
                return key, authority
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, AUTHORITY_NAME)])
        now = _now()
        authority = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + AUTHORITY_LIFETIME)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .sign(key, hashes.SHA256())
        )
        replace_file(key_path, _key_bytes(key))
        replace_file(cert_path, authority.public_bytes(serialization.Encoding.PEM), 0o644)
        return key, authority

    def _certificate(
        self, principal: Principal, authority_key, authority: x509.Certificate
    ) -> Issued:
        folder = self.root / principal.path
        issued = Issued(principal, self.authority_path, folder / "cert.pem", folder / "key.pem")
        if issued.certificate.exists() and issued.key.exists():
            current = x509.load_pem_x509_certificate(issued.certificate.read_bytes())
            if (
                _issued_by(current, authority)
                and _remaining(current) > self.renew_before
                and _usages(current) == _usages_of(principal)
            ):
                return issued
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder.chmod(0o700)
        key = ec.generate_private_key(ec.SECP256R1())
        now = _now()
        certificate = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, principal.path)]))
            .issuer_name(authority.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + self.lifetime)
            .add_extension(
                # The URI names the principal; every local server listens on loopback.
                x509.SubjectAlternativeName(
                    [
                        x509.UniformResourceIdentifier(principal.uri),
                        *(
                            [x509.DNSName("localhost"), x509.IPAddress(LOOPBACK)]
                            if principal.kind in SERVER_KINDS
                            else []
                        ),
                    ]
                ),
                critical=False,
            )
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(True, False, True, False, False, False, False, False, False),
                critical=True,
            )
            .add_extension(x509.ExtendedKeyUsage(_usages_of(principal)), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(authority_key.public_key()),
                critical=False,
            )
            .sign(authority_key, hashes.SHA256())
        )
        replace_file(issued.key, _key_bytes(key))
        replace_file(
            issued.certificate, certificate.public_bytes(serialization.Encoding.PEM), 0o644
        )
        return issued


LOOPBACK = ipaddress.ip_address("127.0.0.1")


def _usages_of(principal: Principal) -> list:
    """What a principal's certificate may prove: a client always, a server if it serves."""
    if principal.kind in SERVER_KINDS:
        return [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
    return [ExtendedKeyUsageOID.CLIENT_AUTH]


def _usages(certificate: x509.Certificate) -> list:
    try:
        return list(certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    except x509.ExtensionNotFound:
        return []


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _remaining(certificate: x509.Certificate) -> datetime.timedelta:
    return certificate.not_valid_after_utc - _now()


def _issued_by(certificate: x509.Certificate, authority: x509.Certificate) -> bool:
    try:
        certificate.verify_directly_issued_by(authority)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _key_bytes(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m deploy.local.pki", description=__doc__)
    parser.add_argument("principals", nargs="+", help="kind/name, e.g. agency-system/police")
    args = parser.parse_args()
    try:
        wanted = [Principal(*p.split("/", 1)) for p in args.principals]
    except (TypeError, ValueError):
        sys.exit("a principal is kind/name in lower-case words, e.g. agency-system/police")
    for issued in Pki().issue(wanted).values():
        print(f"{issued.principal}: {issued.certificate} {issued.key}")
    print(f"authority: {Pki().authority_path}")


if __name__ == "__main__":
    main()
