"""`python -m services.figures` runs the figures service."""

from services.figures.composition import main

if __name__ == "__main__":
    main()
