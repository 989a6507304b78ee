"""The local stack's people: the identity component's database (its own, migrated
by its own command's code), its signing keys, RiskView's handle key, and the demo's
users (a MARAC chair, a representative of each agency, an IG officer, a
partnership analyst), each with a password kept 0600 under .local/people/<prefix>/
so the operator can sign in as them. Idempotent: what exists is kept, and a demo
user added since gets a password of their own.
"""

import contextlib
import json
import secrets
import shlex
from dataclasses import dataclass
from pathlib import Path

from deploy.local.databases import LOCAL, PG_HOST, PG_PORT, POSTGRES_TLS, provision_database
from services.agencies import AGENCIES, BY_NAME
from services.common.files import replace_file
from services.identity.bootstrap import directory, sign_token
from services.identity.domain import ANALYST, CHAIR, IG, REPRESENTATIVE, UserExists
from services.identity.keys import KeyDirectory
from services.identity.settings import DEFAULT_AUDIENCE, DEFAULT_ISSUER, IdentitySettings
from services.identity.store import migrate
from services.riskview.handles import Handles


def demo_users(agencies=AGENCIES) -> dict[str, tuple[str, str, str]]:
    """username -> (role, agency, agency id): a chair, an IG officer, a partnership
    analyst and a representative of each agency of the registry (agency ids are the
    stack's AGENCY_IDs)."""
    return {
        "chair": (CHAIR, "", ""),
        "ig": (IG, "", ""),
        "analyst": (ANALYST, "", ""),
        **{
            f"{a.name}-rep": (REPRESENTATIVE, a.name, f"local-{a.name}")
            for a in agencies
            if a.name in BY_NAME  # an agency a test defines has no representatives here
        },
    }


def _private_file(path: Path, make) -> str:
    """The file's text, written 0600 with `make()` first if it is missing."""
    if not path.exists():
        replace_file(path, make())
    return path.read_text()


def _passwords(path: Path, users) -> dict[str, str]:
    """Each user's password, kept in `path` (0600); one made for a user it lacks."""
    kept = json.loads(_private_file(path, lambda: "{}"))
    missing = {u: secrets.token_urlsafe(12) for u in users if u not in kept}
    if missing:
        kept |= missing
        replace_file(path, json.dumps(kept, indent=2))
    return kept


@dataclass(frozen=True)
class LocalPeople:
    home: Path
    dsn: str
    handle_key: str
    passwords: dict[str, str]

    @property
    def key_dir(self) -> Path:
        return self.home / "keys"

    @property
    def env_file(self) -> Path:
        return self.home / "identity.env"

    @classmethod
    def provision(cls, stack) -> "LocalPeople":
        """For `stack` (deploy.local.stack.Stack): its identity database (added to its
        databases, so a test stack's teardown drops it), keys and demo users."""
        home = LOCAL / "people" / stack.prefix
        home.mkdir(parents=True, exist_ok=True)
        home.chmod(0o700)
        name = f"{stack.prefix}_identity".replace("-", "_").replace(".", "_")
        db = provision_database(name, secrets.token_urlsafe(18))
        stack.databases["identity"] = db
        # A URI, with no spaces, so that the env file can be given to `env`.
        tls = f"sslmode=verify-full&sslrootcert={POSTGRES_TLS['PGSSLROOTCERT']}"
        uri = f"postgresql://{db.user}:{db.password}@{PG_HOST}:{PG_PORT}/{db.dbname}?{tls}"
        migrate(uri)
        KeyDirectory(home / "keys").ensure()
        handle_key = _private_file(home / "handle.key", lambda: secrets.token_hex(32)).strip()
        users = demo_users(stack.agencies)
        passwords = _passwords(home / "passwords.json", users)
        people = cls(home, uri, handle_key, passwords)
        env = people.identity_env()
        _private_file(people.env_file, lambda: "")
        # Quoted, so that a shell can read it (`set -a; . identity.env`).
        people.env_file.write_text("".join(f"{k}={shlex.quote(v)}\n" for k, v in env.items()))
        with directory(IdentitySettings.from_env(env)) as people_directory:
            for username, (role, agency, agency_id) in users.items():
                with contextlib.suppress(UserExists):
                    people_directory.add_user(
                        username, passwords[username], role, agency, agency_id
                    )
        return people

    def identity_env(self) -> dict[str, str]:
        """What `python -m services.identity` needs for this stack's directory."""
        return {
            "MARAC_IDENTITY_DSN": self.dsn,
            "MARAC_IDENTITY_KEY_DIR": str(self.key_dir),
            "MARAC_TOKEN_ISSUER": DEFAULT_ISSUER,
            "MARAC_TOKEN_AUDIENCE": DEFAULT_AUDIENCE,
        }

    def token_env(self) -> dict[str, str]:
        """Whose people's tokens a service accepts: this directory's."""
        return {
            "MARAC_TOKEN_ISSUER": DEFAULT_ISSUER,
            "MARAC_TOKEN_AUDIENCE": DEFAULT_AUDIENCE,
            "MARAC_TOKEN_KEYS": str(KeyDirectory(self.key_dir).jwks_path),
        }

    def riskview_env(self) -> dict[str, str]:
        """RiskView's token settings and handle key (RiskView's alone)."""
        return {**self.token_env(), "MARAC_HANDLE_KEY": self.handle_key}

    def handle(self, subject_key: str) -> str:
        """The agenda item's handle of a subject, as RiskView makes it (the operator
        holds RiskView's key)."""
        return Handles(bytes.fromhex(self.handle_key)).of(subject_key)

    def token(self, username: str) -> str:
        """A token for a user of the directory, signed as the operator (no password)."""
        return sign_token(IdentitySettings.from_env(self.identity_env()), username)
