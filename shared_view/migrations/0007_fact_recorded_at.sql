-- When the agency recorded each fact (its event's recorded_at): what the hub could
-- know by an instant, so that an agenda closed late is the subjects eligible at its
-- cut-off as known then. NULL for facts stored before it was kept: their occurred_at
-- stands in.
ALTER TABLE shared_fact ADD COLUMN IF NOT EXISTS recorded_at timestamptz;
