"""Toxiproxy (built by deploy/local/bootstrap.sh) between a stack and its Postgres or
Kafka: a TCP proxy whose links the tests slow down, throttle or cut. Driven over its
HTTP API on loopback; the server is started for a module and stopped after it."""

import json
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from deploy.local.spawning import spawn
from deploy.local.stack import LOCAL, free_port

SERVER = LOCAL / "tools" / "bin" / "toxiproxy-server"


class Toxiproxy:
    def __init__(self, api: str) -> None:
        self._api = api

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"http://{self._api}{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=5) as answer:
            text = answer.read()
        return json.loads(text) if text else {}

    def proxy(self, name: str, upstream: str, listen: str | None = None) -> str:
        """A proxy to `upstream`; the address it listens on."""
        listen = listen or f"127.0.0.1:{free_port()}"
        self._call("POST", "/proxies", {"name": name, "listen": listen, "upstream": upstream})
        return listen

    def cut(self, name: str) -> None:
        """Closes the link's connections and refuses new ones, until `mend`."""
        self._call("POST", f"/proxies/{name}", {"enabled": False})

    def mend(self, name: str) -> None:
        self._call("POST", f"/proxies/{name}", {"enabled": True})

    @contextmanager
    def toxic(self, proxy: str, kind: str, **attributes: int) -> Iterator[None]:
        """A toxic on both directions of the link while the block runs."""
        names = []
        for stream in ("upstream", "downstream"):
            name = f"{kind}-{stream}"
            self._call(
                "POST",
                f"/proxies/{proxy}/toxics",
                {"name": name, "type": kind, "stream": stream, "attributes": attributes},
            )
            names.append(name)
        try:
            yield
        finally:
            for name in names:
                self._call("DELETE", f"/proxies/{proxy}/toxics/{name}")


@contextmanager
def running_toxiproxy(log: Path) -> Iterator[Toxiproxy]:
    api = f"127.0.0.1:{free_port()}"
    host, port = api.rsplit(":", 1)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        server = spawn(
            [str(SERVER), "-host", host, "-port", port], stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"http://{api}/version", timeout=1).close()
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, f"toxiproxy exited; see {log}"
                assert time.monotonic() < deadline, f"toxiproxy not answering; see {log}"
                time.sleep(0.1)
        yield Toxiproxy(api)
    finally:
        server.terminate()
        server.wait(timeout=10)
