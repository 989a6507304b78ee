"""`python -m services.riskview`: the RiskView gRPC server (its settings:
services/riskview/composition.py)."""

from services.riskview.composition import main

if __name__ == "__main__":
    main()
