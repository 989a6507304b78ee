-- The data-sharing agreements, as the latest change of each the projection read from
-- the agreements topic (shared_view/agreements.py): an input to every view, and what
-- RiskView checks each shared contribution against when it reads, so an agreement
-- that ends stops the sharing it covered at once, before the views are recomputed.
CREATE TABLE IF NOT EXISTS sharing_agreement (
    agreement_id text COLLATE "C" PRIMARY KEY,
    sequence bigint NOT NULL,
    holders text[] NOT NULL,
    recipients smallint[] NOT NULL,
    purposes smallint[] NOT NULL,
    categories smallint[] NOT NULL,
    lawful_bases smallint[] NOT NULL,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz
);

-- The parts of the contribution (SharedCategory) the recipient may see.
ALTER TABLE recipient_view ADD COLUMN IF NOT EXISTS categories smallint[] NOT NULL
    DEFAULT '{1,2,3,4,5}';
ALTER TABLE recipient_view ALTER COLUMN categories DROP DEFAULT;

-- Sharing now needs an agreement: every view is recomputed.
UPDATE subject_refresh SET due = '-infinity', mark = mark + 1;
