"""A fifth agency kind, fire and rescue, defined the way the README says a new kind
is added: a registry entry (here, since the contract has no number for it yet) and
a domain module; the kernel brings the rest. tests/e2e/test_fifth_agency.py runs it."""

from services.agencies import Agency

# Numbers a later contract may give fire and rescue; proto3 carries unknown numbers.
FIRE_AND_RESCUE = Agency(
    "fire_and_rescue",
    records="home fire safety visits, fire-setting and arson",
    grpc_port=50065,
    package="tests.e2e.fire_and_rescue",
    kind=90,
    recipient=90,
)
