"""`python -m services.marac serve | relay`: the MARAC meeting service (composition root).

serve   MeetingService over mutual TLS for the programs that act for people (the web
        app, the demo, the tests), each call with a person's token; closes each
        agenda at its cut-off; follows the agencies' action updates.
relay   follows the meeting record and publishes what it publishes
        (services/marac/publishing.py).

Settings: services/marac/settings.py.
"""

import argparse
import asyncio
import logging
import os
import threading

import grpc
from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.utils import Environment

from services.common.access import Access
from services.common.agency import with_small_pool
from services.common.grpc_server import serve
from services.common.logs import configure, log
from services.common.metrics import serve_metrics
from services.common.principals import (
    DEMO_CLIENT,
    RISKVIEW_PRINCIPAL,
    TEST_CLIENT,
    WEB_PRINCIPAL,
)
from services.common.relay import Outgoing, run_relay_process
from services.common.settings import (
    RelaySettings,
    SettingsError,
    exit_on_bad_settings,
    tls_identity,
)
from services.common.store_settings import check_event_store
from services.marac.agenda_grpc import SERVICE as AGENDA_CHECKS
from services.marac.agenda_grpc import register_agenda_checks
from services.marac.application import Meetings
from services.marac.domain import Meeting
from services.marac.grpc_api import register
from services.marac.publishing import Topics, outgoing
from services.marac.records import MeetingStore
from services.marac.settings import MeetingRelaySettings, MeetingSettings
from services.marac.subjects import RiskViewSubjects
from services.marac.tracker import ActionUpdates

PEOPLE_CLIENTS = Access.only([WEB_PRINCIPAL, DEMO_CLIENT, TEST_CLIENT])
# RiskView alone asks whether a subject is on a meeting's agenda.
ACCESS = PEOPLE_CLIENTS.serving(AGENDA_CHECKS, [RISKVIEW_PRINCIPAL])
STORE = MeetingStore.name


def new_store(reads_only: bool = False) -> MeetingStore:
    """The meeting record; a process that only reads it (the relay) makes no tables."""
    env = dict(os.environ)
    if reads_only:
        env = {
            **with_small_pool(env, STORE),
            "CREATE_TABLE": "n",
            f"{STORE.upper()}_CREATE_TABLE": "n",
        }
    return MeetingStore(env=env)


def close_agendas_until(stopping: threading.Event, meetings: Meetings, every: float, logger):
    """Closes each agenda at its cut-off, so the agenda is what was eligible then."""
    while not stopping.wait(every):
        try:
            for meeting_id in meetings.close_due_agendas():
                log(logger, "agenda closed", meeting=meeting_id)
        except Exception as error:  # RiskView or the store away: the next round retries
            log(logger, "agendas not closed", error=type(error).__name__, level=logging.WARNING)


def run_service() -> None:
    logger = configure("marac")
    try:
        settings = MeetingSettings.from_env(os.environ)
        tls = tls_identity(os.environ)
        store = new_store()
    except SettingsError as error:
        exit_on_bad_settings(error)
    serve_metrics(os.environ, logger)
    riskview = grpc.secure_channel(settings.riskview_address, tls.channel_credentials())
    meetings = Meetings(store, RiskViewSubjects(riskview), settings.partners, areas=settings.areas)
    people = settings.people.people(logger)
    stopping = threading.Event()
    threading.Thread(
        target=close_agendas_until,
        args=(stopping, meetings, settings.agenda_check_seconds, logger),
        daemon=True,
    ).start()
    updates = ActionUpdates(
        meetings,
        settings.kafka_bootstrap,
        settings.update_topics,
        settings.tracker_group,
        tls.kafka_options(),
        logger,
    )
    threading.Thread(target=updates.run, args=(stopping,), daemon=True).start()

    async def stop() -> None:
        stopping.set()
        await asyncio.to_thread(riskview.close)
        await asyncio.to_thread(store.close)

    def record_answers() -> bool:
        store.recorder.max_notification_id()
        return True

    checks = {"meeting record": record_answers, "action updates": updates.making_progress}
    asyncio.run(
        serve(
            settings.grpc_address,
            lambda server: [
                *register(meetings, people, logger)(server),
                register_agenda_checks(server, meetings, logger),
            ],
            logger,
            checks,
            tls,
            ACCESS,
            on_stop=stop,
        )
    )


def run_relay() -> None:
    logger = configure("marac.relay")
    try:
        relay_settings = RelaySettings.from_env(os.environ, "")
        topics_settings = MeetingRelaySettings.from_env(os.environ)
        tls = tls_identity(os.environ)
        tracking_name = f"{STORE}_relay"
        tracking_env = Environment(tracking_name, with_small_pool(os.environ, tracking_name))
        check_event_store(tracking_env)
        store = new_store(reads_only=True)
    except SettingsError as error:
        exit_on_bad_settings(error)
    tracking = InfrastructureFactory.construct(tracking_env).tracking_recorder()
    topics = Topics(topics_settings.marac_topic, topics_settings.actions_topics.get)

    def messages(event: object, position: int) -> list[Outgoing]:
        if not isinstance(event, Meeting.Event):
            return []
        # The meeting as that event left it.
        meeting = store.repository.get(event.originator_id, version=event.originator_version)
        found = outgoing(event, position, meeting, topics)
        if found is None and isinstance(
            event, Meeting.ActionAgreed | Meeting.ActionReported | Meeting.ActionWithdrawn
        ):
            log(logger, "action not sent: its owner has no actions topic", position=position)
        return [found] if found is not None else []

    try:
        run_relay_process(store, tracking, messages, relay_settings, tls, logger)
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m services.marac")
    parser.add_argument("process", choices=["serve", "relay"])
    if parser.parse_args().process == "serve":
        run_service()
    else:
        run_relay()


if __name__ == "__main__":
    main()
