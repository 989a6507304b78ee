"""A person's browser, as far as a benchmark needs one: a keep-alive HTTPS
connection to the web app (checking its certificate against the deployment's
authority; made again when the server closed it), its cookies, and signing in
through the sign-in form."""

import http.client
import re
import ssl
import urllib.parse
from http.cookies import SimpleCookie

from deploy.local.pki import PKI_DIR

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Browser:
    def __init__(self, url: str):
        address = urllib.parse.urlsplit(url)
        context = ssl.create_default_context(cafile=str(PKI_DIR / "ca.pem"))
        self._connection = http.client.HTTPSConnection(
            address.hostname, address.port, context=context, timeout=30
        )
        self._cookies: dict[str, str] = {}

    @classmethod
    def signed_in(cls, url: str, username: str, password: str) -> "Browser":
        browser = cls(url)
        status, form = browser.get("/sign-in")
        assert status == 200, status
        (token,) = CSRF.findall(form)
        fields = {"username": username, "password": password, "csrf_token": token}
        status, _ = browser.post("/sign-in", fields)
        assert status == 303, f"sign-in answered {status}"
        return browser

    def get(self, path: str) -> tuple[int, str]:
        return self._request("GET", path)

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        body = urllib.parse.urlencode(fields)
        return self._request("POST", path, body, "application/x-www-form-urlencoded")

    def close(self) -> None:
        self._connection.close()

    def _request(
        self, method: str, path: str, body: str | None = None, content_type: str = ""
    ) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self._cookies.items())}
        if content_type:
            headers["Content-Type"] = content_type
        try:
            response = self._exchange(method, path, body, headers)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closed the connection while it was idle (uvicorn keeps one
            # alive for 5 s): as a browser does, connect again and ask once more.
            self._connection.close()
            response = self._exchange(method, path, body, headers)
        page = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self._cookies[name] = morsel.value
        return response.status, page

    def _exchange(
        self, method: str, path: str, body: str | None, headers: dict[str, str]
    ) -> http.client.HTTPResponse:
        self._connection.request(method, path, body, headers)
        return self._connection.getresponse()
