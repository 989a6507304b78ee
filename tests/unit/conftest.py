import pytest

from services.police.application import PoliceCaseRecords

LINKING_KEY = "11" * 32


@pytest.fixture
def records():
    """The kernel's case records (the police's, which add nothing to the kernel's
    commands tested here), on in-memory persistence."""
    app = PoliceCaseRecords(env={"LINKING_KEY": LINKING_KEY, "AGENCY_ID": "test-police"})
    yield app
    app.close()
