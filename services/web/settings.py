"""The web app's settings, read from the environment and checked when it starts (a
bad one stops it with one line naming the variable, never its value).

    MARAC_WEB_ADDRESS          where to listen for HTTPS (default 127.0.0.1:8443)
    MARAC_IDENTITY_ADDRESS     the identity component's sign-in (default 127.0.0.1:50068)
    MARAC_RISKVIEW_ADDRESS     RiskView (default 127.0.0.1:50070)
    MARAC_MEETINGS_ADDRESS     the meeting service (default 127.0.0.1:50066)
    MARAC_WEB_SESSION_KEY      64 hexadecimal characters: the key session cookies are
                               signed with (required)
    MARAC_WEB_IDLE_SECONDS     a session not used this long is over (default 900)
    MARAC_WEB_RENEW_SECONDS    a token this close to expiring is renewed (default 300)
    MARAC_WEB_ASSETS           GOV.UK Frontend's dist/govuk folder, installed by
                               deploy/local/bootstrap.sh (default under .local/web)
    MARAC_TLS_CA, MARAC_TLS_CERT, MARAC_TLS_KEY
                               the deployment's authority and the web app's
                               certificate and key: HTTPS to browsers, and mutual TLS
                               to the services it calls as the web principal
"""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from services.common.settings import SettingsError, address, hex_key, seconds, setting, text

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


@dataclass(frozen=True)
class WebSettings:
    address: str
    identity_address: str
    riskview_address: str
    meetings_address: str
    session_key: bytes
    idle_seconds: float
    renew_seconds: float
    assets: Path

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "WebSettings":
        def grpc_address(variable: str, default: str) -> str:
            return setting(env, variable, address, "host:port", default)

        settings = cls(
            address=grpc_address("MARAC_WEB_ADDRESS", "127.0.0.1:8443"),
            identity_address=grpc_address("MARAC_IDENTITY_ADDRESS", "127.0.0.1:50068"),
            riskview_address=grpc_address("MARAC_RISKVIEW_ADDRESS", "127.0.0.1:50070"),
            meetings_address=grpc_address("MARAC_MEETINGS_ADDRESS", "127.0.0.1:50066"),
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
        )
        if not (settings.assets / "govuk-frontend.min.css").is_file():
            raise SettingsError(
                "MARAC_WEB_ASSETS must be govuk-frontend's dist/govuk folder: "
                "run deploy/local/bootstrap.sh to install it"
            )
        return settings
