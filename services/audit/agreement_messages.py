"""An agreement on the wire: the marac.v1.Agreement of gRPC answers, and the
AgreementChanged its relay publishes on the agreements topic for each change
(recorded, ended early), keyed by the agreement's id. Neither carries anything
about a person but IG staff's user ids."""

from uuid import NAMESPACE_URL, uuid5

from marac.v1 import agreements_pb2
from services.audit.agreements import Agreement
from services.common.contract import timestamp
from services.common.relay import Outgoing

MESSAGE_NAMESPACE = uuid5(NAMESPACE_URL, "urn:marac-hub:agreement-message")


def agreement_message(agreement: Agreement) -> agreements_pb2.Agreement:
    terms = agreement.terms
    message = agreements_pb2.Agreement(
        agreement_id=agreement.agreement_id,
        title=terms.title,
        parties=[
            agreements_pb2.AgreementParty(agency_id=p.agency_id, agency=p.agency)
            for p in terms.parties
        ],
        marac_panel=terms.marac_panel,
        purposes=terms.purposes,
        categories=terms.categories,
        lawful_bases=terms.lawful_bases,
        starts_at=timestamp(terms.starts_at),
        review_date=terms.review_date.isoformat(),
        end_reason=agreement.end_reason,
        recorded_by=agreement.recorded_by,
        ended_by=agreement.ended_by,
    )
    if terms.ends_at is not None:
        message.ends_at.CopyFrom(timestamp(terms.ends_at))
    if agreement.ended_at is not None:
        message.ended_at.CopyFrom(timestamp(agreement.ended_at))
    return message


def changed(agreement: Agreement, position: int, topic: str) -> Outgoing:
    """The agreement as the event at `position` of the register left it."""
    message = agreements_pb2.AgreementChanged(
        message_id=str(uuid5(MESSAGE_NAMESPACE, str(position))),
        sequence=position,
        agreement=agreement_message(agreement),
    )
    return Outgoing(topic, agreement.agreement_id, message.SerializeToString())
