"""The directory's signing keys in a directory of files: each private key in its own
PEM file readable by its owner only (0600, in a 0700 directory), and the public
keys a verifier needs as a JWKS file beside them (jwks.json). Rotating makes a new
key the one that signs and keeps the previous one's public key in the JWKS, so
tokens it signed stay valid until they expire; older keys are removed.
"""

import json
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.common.files import replace_file
from services.identity.tokens import SigningKey, key_set

KEPT = 2  # the key that signs and the one before it
ORDER_FILE = "kids"  # the kept keys' ids, newest first
JWKS_FILE = "jwks.json"


class NoSigningKey(RuntimeError):
    def __init__(self) -> None:
        super().__init__("no signing key yet: run `python -m services.identity keys`")


class KeyDirectory:
    def __init__(self, path: Path):
        self.path = path

    @property
    def jwks_path(self) -> Path:
        return self.path / JWKS_FILE

    def current(self) -> SigningKey:
        kids = self._kids()
        if not kids:
            raise NoSigningKey()
        return self._load(kids[0])

    def kept(self, kid: str) -> SigningKey | None:
        """The key that signs, or the one before it (tokens it signed may still be
        valid); None for any other id."""
        return self._load(kid) if kid in self._kids() else None

    def ensure(self) -> SigningKey:
        """The key that signs, made first if there is none."""
        try:
            return self.current()
        except NoSigningKey:
            return self.rotate()

    def rotate(self) -> SigningKey:
        """A new key signs from now on; the previous one stays in the JWKS."""
        self.path.mkdir(parents=True, exist_ok=True)
        self.path.chmod(0o700)
        key = SigningKey.new()
        pem = key.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        replace_file(self._pem(key.kid), pem)
        kids = [key.kid, *self._kids()]
        kept, dropped = kids[:KEPT], kids[KEPT:]
        published = json.dumps(key_set([self._load(k) for k in kept]), indent=2)
        replace_file(self.jwks_path, published, 0o644)
        replace_file(self.path / ORDER_FILE, "\n".join(kept) + "\n", 0o644)
        for kid in dropped:
            self._pem(kid).unlink(missing_ok=True)
        return key

    def _kids(self) -> list[str]:
        order = self.path / ORDER_FILE
        if not order.exists():
            return []
        return [line for line in order.read_text().split() if line]

    def _pem(self, kid: str) -> Path:
        return self.path / f"{kid}.pem"

    def _load(self, kid: str) -> SigningKey:
        private_key = serialization.load_pem_private_key(self._pem(kid).read_bytes(), None)
        if not isinstance(private_key, Ed25519PrivateKey):
            raise ValueError("a signing key of the directory is not an Ed25519 key")
        return SigningKey(kid, private_key)
