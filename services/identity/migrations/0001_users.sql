-- The user directory. user_id is the directory's own opaque id (a token's sub);
-- username is what a person signs in with; only an argon2id hash of the password
-- is kept.
CREATE TABLE directory_user (
    user_id text PRIMARY KEY,
    username text NOT NULL UNIQUE,
    role text NOT NULL CHECK (role IN ('chair', 'representative', 'ig')),
    agency text NOT NULL DEFAULT '',
    agency_id text NOT NULL DEFAULT '',
    active boolean NOT NULL DEFAULT true,
    password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((role = 'representative') = (agency <> '' AND agency_id <> ''))
);
