"""Writing a file that holds a secret (a key, a password): whole or not at all, and
readable by its owner alone from its first byte."""

import os
from pathlib import Path


def replace_file(path: Path, content: bytes | str, mode: int = 0o600) -> None:
    """Writes `content` to `path` at once (a reader never sees half of it), with
    `mode` from the start: 0600 unless said otherwise."""
    data = content.encode() if isinstance(content, str) else content
    temporary = path.with_name(f".{path.name}.new")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(temporary, mode)  # an old temporary file keeps its mode through O_CREAT
    os.replace(temporary, path)
