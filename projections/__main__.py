"""`python -m projections` runs the shared risk projection worker."""

from projections.app import main

if __name__ == "__main__":
    main()
