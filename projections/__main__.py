"""`python -m projections` runs the shared risk projection worker."""

from projections.worker import main

if __name__ == "__main__":
    main()
