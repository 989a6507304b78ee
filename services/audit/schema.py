"""The ledger's tables, indexes and triggers, as its database's owner applies them
(services.audit.store.migrate): every statement may run again on a ledger made by
any earlier version."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS ledger_entries (
    position bigint PRIMARY KEY,
    topic text NOT NULL,
    partition integer NOT NULL,
    kafka_offset bigint NOT NULL,
    kind text NOT NULL,
    value bytea,
    value_sha256 bytea NOT NULL,
    agency_id text,
    subject text,
    case_reference text,
    recorded_at timestamptz,
    prev_hash bytea NOT NULL,
    entry_hash bytea NOT NULL,
    format smallint NOT NULL,
    fact bytea,
    source_sequence bigint,
    record_id text,
    UNIQUE (topic, partition, kafka_offset)
);
-- A ledger made before facts were kept: its entries are format 1, and keep their bytes.
ALTER TABLE ledger_entries ADD COLUMN IF NOT EXISTS format smallint NOT NULL DEFAULT 1;
ALTER TABLE ledger_entries ALTER COLUMN format DROP DEFAULT;
ALTER TABLE ledger_entries ADD COLUMN IF NOT EXISTS fact bytea;
ALTER TABLE ledger_entries ADD COLUMN IF NOT EXISTS source_sequence bigint;
ALTER TABLE ledger_entries ADD COLUMN IF NOT EXISTS record_id text;
ALTER TABLE ledger_entries ALTER COLUMN value DROP NOT NULL;
DO $$ BEGIN
    -- Once: adding it validates every row.
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'ledger_bytes_kept') THEN
        ALTER TABLE ledger_entries
            ADD CONSTRAINT ledger_bytes_kept CHECK (value IS NOT NULL OR format >= 2);
    END IF;
END $$;
CREATE INDEX IF NOT EXISTS ledger_by_agency ON ledger_entries (agency_id, recorded_at);
CREATE INDEX IF NOT EXISTS ledger_by_subject ON ledger_entries (subject);
CREATE INDEX IF NOT EXISTS ledger_by_case ON ledger_entries (case_reference);
CREATE INDEX IF NOT EXISTS ledger_by_time ON ledger_entries (recorded_at);
-- A copy published again is found by its record's id (services.audit.ledger.first_seen).
DROP INDEX IF EXISTS ledger_by_event;
CREATE INDEX IF NOT EXISTS ledger_by_record ON ledger_entries (kind, record_id)
    WHERE record_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS ledger_checkpoints (
    entry_count bigint NOT NULL,
    head_hash bytea NOT NULL,
    signed_at timestamptz NOT NULL,
    key_id text NOT NULL,
    signature bytea NOT NULL,
    PRIMARY KEY (entry_count, signed_at)
);
-- Each pass of retention (services.audit.retention.Pass): what verify judges removals by.
CREATE TABLE IF NOT EXISTS ledger_retention_passes (
    passed_at timestamptz NOT NULL,
    entry_count bigint NOT NULL,
    period interval NOT NULL,
    payloads_removed bigint NOT NULL  -- no key: two passes may hold the same at one time
);
CREATE OR REPLACE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit ledger is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
-- The one change to an entry: its payload removed under retention, every other column
-- as it was, by a role that is not the owner (the retention role, whose grant is
-- UPDATE of the payload alone); the owner and a superuser are refused as anyone.
CREATE OR REPLACE FUNCTION ledger_payload_removal_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.value IS NOT NULL AND NEW.value IS NULL AND OLD.format >= 2
        AND to_jsonb(NEW) - 'value' = to_jsonb(OLD) - 'value'
        AND NOT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID),
                            'MEMBER')
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION
        'the audit ledger is append-only: only its payloads may be removed, by the retention role'
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE OR REPLACE TRIGGER ledger_entries_append_only BEFORE DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE OR REPLACE TRIGGER ledger_entries_payload_removal BEFORE UPDATE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_payload_removal_only();
CREATE OR REPLACE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE OR REPLACE TRIGGER ledger_checkpoints_append_only
    BEFORE UPDATE OR DELETE ON ledger_checkpoints
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE OR REPLACE TRIGGER ledger_checkpoints_no_truncate BEFORE TRUNCATE ON ledger_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE OR REPLACE TRIGGER ledger_retention_passes_append_only
    BEFORE UPDATE OR DELETE ON ledger_retention_passes
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE OR REPLACE TRIGGER ledger_retention_passes_no_truncate
    BEFORE TRUNCATE ON ledger_retention_passes
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
"""
