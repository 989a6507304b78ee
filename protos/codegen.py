"""Generates the committed Python code for the marac.v1 contracts.

Run `python protos/codegen.py` after editing a .proto file; tests/unit/test_contracts.py
fails when the committed code drifts from the .proto files.
"""

import argparse
import sys
from importlib import resources
from pathlib import Path

from grpc_tools import protoc

PROTOS = Path(__file__).resolve().parent
REPO = PROTOS.parent


def proto_files() -> list[Path]:
    return sorted((PROTOS / "marac" / "v1").glob("*.proto"))


def generate(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    well_known = resources.files("grpc_tools") / "_proto"
    args = [
        "protoc",
        f"-I{PROTOS}",
        f"-I{well_known}",
        f"--python_out={out}",
        f"--pyi_out={out}",
        f"--grpc_python_out={out}",
        *(str(p.relative_to(PROTOS)) for p in proto_files()),
    ]
    if protoc.main(args) != 0:
        sys.exit("protoc failed")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=REPO)
    generate(parser.parse_args().out)
