"""The identity component's settings, read from the environment and checked before
any command runs (a bad one stops it with one line naming the variable, never its
value; services.common.settings).

    MARAC_IDENTITY_DSN       the directory's database (libpq string or postgresql:// URI)
    MARAC_IDENTITY_KEY_DIR   the directory of the signing keys (private keys 0600) and
                             of the public key set, jwks.json
    MARAC_TOKEN_ISSUER       the tokens' iss (default urn:marac-hub:identity)
    MARAC_TOKEN_AUDIENCE     the tokens' aud (default urn:marac-hub:riskview)
    MARAC_TOKEN_LIFETIME     seconds a token is valid, 60 to 3600 (default 900)
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from services.common.settings import setting, text
from services.identity.tokens import TokenPolicy

DEFAULT_ISSUER = "urn:marac-hub:identity"
DEFAULT_AUDIENCE = "urn:marac-hub:riskview"
DEFAULT_LIFETIME = 900.0
MAX_LIFETIME = 3600


def lifetime(raw: str) -> float:
    value = float(raw)
    if not 60 <= value <= MAX_LIFETIME:
        raise ValueError
    return value


def directory(raw: str) -> Path:
    path = Path(raw.strip())
    if not path.is_absolute():
        raise ValueError
    return path


@dataclass(frozen=True)
class IdentitySettings:
    dsn: str  # "" when the command needs no database
    key_dir: Path | None  # None when the command needs no keys
    policy: TokenPolicy

    @classmethod
    def from_env(
        cls, env: Mapping[str, str], database: bool = True, keys: bool = True
    ) -> "IdentitySettings":
        dsn = (
            setting(env, "MARAC_IDENTITY_DSN", text, "the user directory's database (libpq)")
            if database
            else ""
        )
        key_dir = (
            setting(env, "MARAC_IDENTITY_KEY_DIR", directory, "an absolute directory path")
            if keys
            else None
        )
        policy = TokenPolicy(
            issuer=setting(env, "MARAC_TOKEN_ISSUER", text, "the tokens' issuer", DEFAULT_ISSUER),
            audience=setting(
                env, "MARAC_TOKEN_AUDIENCE", text, "the tokens' audience", DEFAULT_AUDIENCE
            ),
            lifetime=timedelta(
                seconds=setting(
                    env,
                    "MARAC_TOKEN_LIFETIME",
                    lifetime,
                    f"a number of seconds from 60 to {MAX_LIFETIME}",
                    DEFAULT_LIFETIME,
                )
            ),
        )
        return cls(dsn, key_dir, policy)
