"""The partnership's standard data-sharing agreement, which the local stack (and so
the demo) records when it starts: every agency of the stack and the MARAC panel,
for risk assessment and MARAC discussion, every part of a contribution, on consent
and on each of the three lawful bases for overrides. Without it nothing would be
shared (see README, "Data-sharing agreements").

It is recorded by the operator as itself, once: a stack that starts again finds it
in force and records nothing.
"""

from datetime import UTC, datetime, timedelta

from marac.v1 import agreements_pb2, agreements_pb2_grpc
from marac.v1 import vocabulary_pb2 as vocab
from services.common.principals import STACK_OPERATOR

TITLE = "Hate crime MARAC partnership: standard information sharing agreement"
REVIEW_AFTER = timedelta(days=365)


def standard_agreement(
    stack, today: datetime | None = None
) -> agreements_pb2.RecordAgreementRequest:
    today = today or datetime.now(UTC)
    return agreements_pb2.RecordAgreementRequest(
        request_id=f"STANDARD-AGREEMENT-{today:%Y%m%d}",
        title=TITLE,
        parties=[
            agreements_pb2.AgreementParty(agency_id=f"local-{a.name}", agency=a.kind)
            for a in stack.agencies
        ],
        marac_panel=True,
        purposes=[vocab.PURPOSE_RISK_ASSESSMENT, vocab.PURPOSE_MARAC_DISCUSSION],
        categories=[c for c in vocab.SharedCategory.values() if c],
        lawful_bases=[b for b in vocab.LawfulBasis.values() if b],
        review_date=(today + REVIEW_AFTER).date().isoformat(),
    )


def record_standard_agreement(stack) -> agreements_pb2.Agreement:
    """The standard agreement in force, recorded now unless one is."""
    with stack.channel("audit", STACK_OPERATOR) as channel:
        register = agreements_pb2_grpc.AgreementServiceStub(channel)
        page_token = None
        while page_token != "":
            listed = register.ListAgreements(
                agreements_pb2.ListAgreementsRequest(page_size=200, page_token=page_token or ""),
                timeout=30,
            )
            for agreement in listed.agreements:
                if agreement.title == TITLE and not agreement.HasField("ended_at"):
                    return agreement
            page_token = listed.next_page_token
        asked = standard_agreement(stack)
        return register.RecordAgreement(asked, timeout=30).agreement
