"""The web app's settings, read from the environment and checked when it starts (a
bad one stops it with one line naming the variable, never its value).

    MARAC_WEB_ADDRESS          where to listen for HTTPS (default 127.0.0.1:8443)
    MARAC_IDENTITY_ADDRESS     the identity component's sign-in (default 127.0.0.1:50068)
    MARAC_RISKVIEW_ADDRESS     RiskView (default 127.0.0.1:50070)
    MARAC_MEETINGS_ADDRESS     the meeting service (default 127.0.0.1:50066)
    MARAC_AUDIT_ADDRESS        the audit service, for IG staff (default 127.0.0.1:50072)
    MARAC_FIGURES_ADDRESS      the figures service, for partnership analysts and chairs
                               (default 127.0.0.1:50090)
    MARAC_WEB_SESSION_KEY      64 hexadecimal characters: the key session cookies are
                               signed with (required)
    MARAC_WEB_IDLE_SECONDS     a session not used this long is over (default 900)
    MARAC_WEB_RENEW_SECONDS    a token this close to expiring is renewed (default 300)
    MARAC_WEB_ASSETS           GOV.UK Frontend's dist/govuk folder, installed by
                               deploy/local/bootstrap.sh (default under .local/web)
    MARAC_AREAS                the partnership's MARAC areas, as RiskView's
                               (shared_view/areas.py): the agenda page's choice of area;
                               unset, the whole partnership is one area
    MARAC_OIDC_ISSUER          an OpenID Connect issuer people may also sign in with:
                               its https URL (http only on loopback); unset, none
    MARAC_OIDC_CLIENT_ID       the web app's client id at that issuer
    MARAC_OIDC_CLIENT_SECRET_FILE
                               the absolute path of a file holding its client secret
                               (the secret itself is never put in the environment)
    MARAC_OIDC_NAME            the issuer as people know it, on the sign-in button
                               (default its host name)
    MARAC_OIDC_SCOPE           the scopes asked for (default "openid")
    MARAC_OIDC_REDIRECT_URI    the callback as registered at the issuer (default
                               https://MARAC_WEB_ADDRESS/sign-in/oidc/callback)
    MARAC_TLS_CA, MARAC_TLS_CERT, MARAC_TLS_KEY
                               the deployment's authority and the web app's
                               certificate and key: HTTPS to browsers, and mutual TLS
                               to the services it calls as the web principal
"""

import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from services.common.settings import SettingsError, address, hex_key, seconds, setting, text
from shared_view.areas import NO_AREAS, Areas, areas_from_env

REPO = Path(__file__).resolve().parents[2]
DEFAULT_ASSETS = REPO / ".local/web/node_modules/govuk-frontend/dist/govuk"


def positive_seconds(raw: str) -> float:
    value = seconds(raw)
    if value <= 0:
        raise ValueError
    return value


def folder(raw: str) -> Path:
    path = Path(text(raw))
    if not (path.is_absolute() and (path / "govuk-frontend.min.css").is_file()):
        raise ValueError
    return path


LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
CALLBACK = "/sign-in/oidc/callback"


def web_url(raw: str) -> str:
    """An https URL, or http on loopback (a local issuer), without query or fragment."""
    url = text(raw)
    parsed = urllib.parse.urlparse(url)
    secure = parsed.scheme == "https" or (parsed.scheme == "http" and parsed.hostname in LOOPBACK)
    if not (secure and parsed.hostname) or parsed.query or parsed.fragment:
        raise ValueError
    return url


def secret_file(raw: str) -> str:
    path = Path(text(raw))
    if not path.is_absolute():
        raise ValueError
    try:
        secret = path.read_text().strip()
    except (OSError, UnicodeDecodeError):
        raise ValueError from None
    if not secret:
        raise ValueError
    return secret


@dataclass(frozen=True)
class OpenIdSettings:
    """The OpenID Connect issuer people may sign in with, and the web app's client there."""

    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    name: str
    scope: str
    redirect_uri: str

    @classmethod
    def from_env(cls, env: Mapping[str, str], web_address: str) -> "OpenIdSettings | None":
        issuer = setting(
            env, "MARAC_OIDC_ISSUER", web_url, "an https URL (http only on loopback)", ""
        )
        if not issuer:
            return None
        return cls(
            issuer=issuer,
            client_id=setting(env, "MARAC_OIDC_CLIENT_ID", text, "the web app's client id"),
            client_secret=setting(
                env,
                "MARAC_OIDC_CLIENT_SECRET_FILE",
                secret_file,
                "the absolute path of a readable file holding the client secret",
            ),
            name=setting(
                env,
                "MARAC_OIDC_NAME",
                text,
                "the issuer's name",
                urllib.parse.urlparse(issuer).hostname or issuer,
            ),
            scope=setting(env, "MARAC_OIDC_SCOPE", scopes, "scopes that include openid", "openid"),
            redirect_uri=setting(
                env,
                "MARAC_OIDC_REDIRECT_URI",
                web_url,
                "the https URL of the web app's callback",
                f"https://{web_address}{CALLBACK}",
            ),
        )


def scopes(raw: str) -> str:
    asked = raw.split()
    if "openid" not in asked:
        raise ValueError
    return " ".join(asked)


@dataclass(frozen=True)
class WebSettings:
    address: str
    identity_address: str
    riskview_address: str
    meetings_address: str
    audit_address: str
    figures_address: str
    session_key: bytes
    idle_seconds: float
    renew_seconds: float
    assets: Path
    openid: OpenIdSettings | None = None
    areas: Areas = NO_AREAS

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "WebSettings":
        def grpc_address(variable: str, default: str) -> str:
            return setting(env, variable, address, "host:port", default)

        web_address = grpc_address("MARAC_WEB_ADDRESS", "127.0.0.1:8443")
        settings = cls(
            address=web_address,
            identity_address=grpc_address("MARAC_IDENTITY_ADDRESS", "127.0.0.1:50068"),
            riskview_address=grpc_address("MARAC_RISKVIEW_ADDRESS", "127.0.0.1:50070"),
            meetings_address=grpc_address("MARAC_MEETINGS_ADDRESS", "127.0.0.1:50066"),
            audit_address=grpc_address("MARAC_AUDIT_ADDRESS", "127.0.0.1:50072"),
            figures_address=grpc_address("MARAC_FIGURES_ADDRESS", "127.0.0.1:50090"),
            session_key=setting(env, "MARAC_WEB_SESSION_KEY", hex_key, "64 hexadecimal characters"),
            idle_seconds=setting(
                env, "MARAC_WEB_IDLE_SECONDS", positive_seconds, "a number of seconds", 900.0
            ),
            renew_seconds=setting(
                env, "MARAC_WEB_RENEW_SECONDS", positive_seconds, "a number of seconds", 300.0
            ),
            assets=setting(
                env,
                "MARAC_WEB_ASSETS",
                folder,
                "the absolute path of govuk-frontend's dist/govuk folder",
                DEFAULT_ASSETS,
            ),
            openid=OpenIdSettings.from_env(env, web_address),
            areas=areas_from_env(env),
        )
        if not (settings.assets / "govuk-frontend.min.css").is_file():
            raise SettingsError(
                "MARAC_WEB_ASSETS must be govuk-frontend's dist/govuk folder: "
                "run deploy/local/bootstrap.sh to install it"
            )
        return settings
