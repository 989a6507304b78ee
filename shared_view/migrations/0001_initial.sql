-- The shared view as the risk projection and RiskView created it on start before
-- migrations existed. IF NOT EXISTS: such a database is adopted as it is.
--
-- Keyed by pseudonymous subject keys and agency case references; no name, address,
-- date of birth, narrative or place is ever stored.

-- The minimised facts, one row per (agency_id, source_sequence); every other table
-- is derived from it. shared_view/kinds.py says which payload columns each kind fills.
CREATE TABLE IF NOT EXISTS shared_fact (
    agency_id text NOT NULL,
    source_sequence bigint NOT NULL,
    agency smallint NOT NULL,
    subject_key text COLLATE "C" NOT NULL,
    case_reference text NOT NULL,
    kind text NOT NULL,
    occurred_at timestamptz NOT NULL,
    level smallint,
    tool text,
    strands smallint[],
    classification smallint,
    scopes smallint[],
    refused smallint[],
    ref text,
    code smallint,
    open boolean,
    until timestamptz,
    PRIMARY KEY (agency_id, source_sequence)
);
CREATE INDEX IF NOT EXISTS shared_fact_by_subject ON shared_fact (subject_key);

-- (agency_id, case_reference) -> subject_key, so a representative is served by their
-- own case reference, never by a match key.
CREATE TABLE IF NOT EXISTS case_subject (
    agency_id text NOT NULL,
    case_reference text NOT NULL,
    subject_key text COLLATE "C" NOT NULL,
    source_sequence bigint NOT NULL,
    PRIMARY KEY (agency_id, case_reference)
);

-- One row per subject and case: what that agency knows.
CREATE TABLE IF NOT EXISTS contribution (
    subject_key text COLLATE "C" NOT NULL,
    agency_id text NOT NULL,
    case_reference text NOT NULL,
    agency smallint NOT NULL,
    risk_level smallint NOT NULL,
    risk_tool text NOT NULL,
    incident_dates date[] NOT NULL,
    strands smallint[] NOT NULL,
    hate_crimes integer NOT NULL,
    hate_incidents integer NOT NULL,
    open_support smallint[] NOT NULL,
    open_enforcement smallint[] NOT NULL,
    open_action_types smallint[] NOT NULL,
    open_action_due_dates date[] NOT NULL,
    closed boolean NOT NULL,
    PRIMARY KEY (subject_key, agency_id, case_reference)
);

-- One row per subject, recipient and case that the recipient may see besides its own
-- agency's cases, with the basis (consent, or which override).
CREATE TABLE IF NOT EXISTS recipient_view (
    subject_key text COLLATE "C" NOT NULL,
    recipient smallint NOT NULL,
    agency_id text NOT NULL,
    case_reference text NOT NULL,
    basis text NOT NULL,
    override_id text NOT NULL,
    lawful_basis smallint NOT NULL,
    override_expires_at timestamptz,
    PRIMARY KEY (subject_key, recipient, agency_id, case_reference)
);

-- The subjects eligible for MARAC, and the reasons, each naming the cases (so the
-- agencies) that make it hold.
CREATE TABLE IF NOT EXISTS marac_agenda (
    subject_key text COLLATE "C" PRIMARY KEY,
    highest_risk_level smallint NOT NULL,
    incident_count integer NOT NULL
);
CREATE INDEX IF NOT EXISTS marac_agenda_in_order
    ON marac_agenda ((-highest_risk_level), (-incident_count), subject_key);
CREATE TABLE IF NOT EXISTS marac_reason (
    subject_key text COLLATE "C" NOT NULL,
    rule text NOT NULL,
    agencies smallint[] NOT NULL,
    agency_ids text[] NOT NULL,
    case_references text[] NOT NULL,
    PRIMARY KEY (subject_key, rule)
);

-- When each subject's view must be recomputed: `due` is the view's "valid until";
-- `mark` and `claimed_until` are the writers' bookkeeping.
CREATE TABLE IF NOT EXISTS subject_refresh (
    subject_key text COLLATE "C" PRIMARY KEY,
    due timestamptz NOT NULL,
    mark bigint NOT NULL,
    claimed_until timestamptz
);
CREATE INDEX IF NOT EXISTS subject_refresh_by_due ON subject_refresh (due);
