"""`python -m figures migrate`: creates the figures' tables (idempotent).
`python -m figures project`: runs the figures projection (figures/worker.py)."""

import sys

if __name__ == "__main__":
    # Imported only here: the projection's children are spawned, and each imports
    # this module again (as __mp_main__), which must not bring the worker with it.
    from figures.worker import migrate, project

    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "migrate":
        migrate()
    elif command == "project":
        project()
    else:
        sys.exit("usage: python -m figures migrate|project")
