"""An agency's event store of cases, as eventsourcing keeps it: its name (its
tables are the agency's), how its events and values are written and read back
typed and encrypted (each case's under a key of its own: services.common.case_keys),
and its settings checked before anything opens it. The relay reads it as it is;
the agency's case records (services.common.application) write it."""

from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import ApplicationRecorder, JSONTranscoder, Mapper
from eventsourcing.postgres import PostgresFactory
from eventsourcing.utils import Environment

from services.common.case_keys import CaseKeyMapper, CaseKeys
from services.common.case_keys_postgres import CaseKeyRecorder, PostgresCaseKeys
from services.common.settings import CaseStoreSettings
from services.common.store_settings import check_event_store
from services.common.values import TypedMapper, register_values


class RecordStore(Application):
    """An event store of a service's records (a subclass names it: its tables, and its
    settings' prefix): its settings checked before anything opens it, and its values
    written and read back typed."""

    def construct_env(self, name: str, env: Any = None) -> Environment:
        # The library's first step, before it opens anything: the settings are
        # checked here so that a bad one stops the process with its name.
        environment = super().construct_env(name, env)
        check_event_store(environment)
        return environment

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_values(transcoder)

    def construct_mapper(self) -> Mapper:
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=TypedMapper)


class CaseStore(RecordStore):
    def construct_env(self, name: str, env: Any = None) -> Environment:
        environment = super().construct_env(name, env)
        self.agency_id = CaseStoreSettings.from_env(environment).agency_id or name
        return environment

    def reachable(self) -> bool:
        """Whether the store answers now (for the health check)."""
        self.recorder.max_notification_id()
        return True

    def construct_mapper(self) -> Mapper:
        mapper = self.factory.mapper(
            transcoder=self.construct_transcoder(), mapper_class=CaseKeyMapper
        )
        assert isinstance(mapper, CaseKeyMapper)
        if isinstance(self.factory, PostgresFactory):
            mapper.keys = PostgresCaseKeys(
                getattr(mapper.store_cipher, "key", None),
                self.factory.datastore,
                self.factory.env.name.lower(),
                create=self.factory.env_create_table(),
            )
        return mapper

    def construct_recorder(self) -> ApplicationRecorder:
        keys = self.case_keys
        if not isinstance(self.factory, PostgresFactory) or not isinstance(keys, PostgresCaseKeys):
            return super().construct_recorder()
        table = f"{self.factory.env.name.lower() or 'stored'}_events"  # as the library names it
        recorder = CaseKeyRecorder(keys, self.factory.datastore, table)
        if self.factory.env_create_table():
            recorder.create_table()
        return recorder

    @property
    def case_keys(self) -> CaseKeys:
        """The data keys of the store's cases."""
        return self.mapper.keys  # type: ignore[attr-defined]

    def migrate_to_case_keys(self) -> int:
        """Gives the cases of a store made before cases had keys a key each (their
        events re-encrypted under it); how many. An in-memory store has none."""
        keys = self.case_keys
        if not isinstance(keys, PostgresCaseKeys):
            return 0
        mapper: CaseKeyMapper = self.mapper  # type: ignore[assignment]
        return keys.migrate(lambda stored: mapper.opened(stored, None).state)
