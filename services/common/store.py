"""An agency's event store of cases, as eventsourcing keeps it: its name (its
tables are the agency's), how its events and values are written and read back
typed, and its settings checked before anything opens it. The relay reads it as
it is; the agency's case records (services.common.application) write it."""

from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder, Mapper
from eventsourcing.utils import Environment

from services.common.settings import CaseStoreSettings
from services.common.store_settings import check_event_store
from services.common.values import TypedMapper, register_values


class CaseStore(Application):
    def construct_env(self, name: str, env: Any = None) -> Environment:
        # The library's first step, before it opens anything: the settings are
        # checked here so that a bad one stops the process with its name.
        environment = super().construct_env(name, env)
        check_event_store(environment)
        self.agency_id = CaseStoreSettings.from_env(environment).agency_id or name
        return environment

    def reachable(self) -> bool:
        """Whether the store answers now (for the health check)."""
        self.recorder.max_notification_id()
        return True

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_values(transcoder)

    def construct_mapper(self) -> Mapper:
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=TypedMapper)
