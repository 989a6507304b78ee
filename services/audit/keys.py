"""The audit service's signing key on disk: an Ed25519 private key (PKCS#8 PEM,
0600, in a 0700 folder) and its public key beside it, for whoever checks copies."""

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

PRIVATE = "signing-key.pem"
PUBLIC = "public-key.pem"


def ensure_signing_key(folder: Path) -> tuple[Path, Path]:
    """The key's files in `folder`, made once (a key kept is never replaced: the
    checkpoints already signed verify only with it)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    private, public = folder / PRIVATE, folder / PUBLIC
    if not private.exists():
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        fd = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(pem)
    if not public.exists():
        key = serialization.load_pem_private_key(private.read_bytes(), password=None)
        public.write_bytes(
            key.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
    return private, public
