"""`python -m projections` runs the shared risk projection worker."""

if __name__ == "__main__":
    # Imported only here: the worker's children are spawned, and each imports this
    # module again (as __mp_main__), which must not bring the whole worker with it.
    from projections.worker import main

    main()
