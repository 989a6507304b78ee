"""The committed generated code matches the .proto files, buf lint passes, and the
contracts evolve compatibly (buf breaking against the released image)."""

import filecmp
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUF = Path(os.environ.get("MARAC_BUF", REPO / ".local/tools/node_modules/.bin/buf"))


def test_generated_code_matches_the_protos(tmp_path):
    subprocess.run(
        [sys.executable, str(REPO / "protos/codegen.py"), "--out", str(tmp_path)], check=True
    )
    generated = sorted(p.name for p in (tmp_path / "marac/v1").iterdir())
    committed = sorted(p.name for p in (REPO / "marac/v1").glob("*_pb2*"))
    assert generated == committed, "run `python protos/codegen.py` and commit the result"
    _, mismatch, errors = filecmp.cmpfiles(
        tmp_path / "marac/v1", REPO / "marac/v1", generated, shallow=False
    )
    assert mismatch == errors == [], "run `python protos/codegen.py` and commit the result"


def test_buf_lint_passes():
    assert BUF.exists(), f"buf not installed at {BUF}; run deploy/local/bootstrap.sh"
    result = subprocess.run([str(BUF), "lint"], cwd=REPO / "protos", capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_contracts_stay_compatible_with_the_released_ones():
    """protos/marac-v1.binpb is the released contract image; refresh it (buf build -o
    marac-v1.binpb) only when releasing a compatible change."""
    assert BUF.exists(), f"buf not installed at {BUF}; run deploy/local/bootstrap.sh"
    result = subprocess.run(
        [str(BUF), "breaking", "--against", "marac-v1.binpb"],
        cwd=REPO / "protos", capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
