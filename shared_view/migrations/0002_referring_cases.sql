-- A reason marks the cases it names because their agency referred the subject to
-- MARAC: the panel is told of those whatever the case's consent. Until now only
-- professional-judgement reasons named referring cases, and only those.
ALTER TABLE marac_reason ADD COLUMN referred boolean[];
UPDATE marac_reason
    SET referred = array_fill(rule = 'professional_judgement', ARRAY[cardinality(agency_ids)]);
ALTER TABLE marac_reason ALTER COLUMN referred SET NOT NULL;

-- Eligibility now reads each referral's ground: every view is recomputed.
UPDATE subject_refresh SET due = '-infinity', mark = mark + 1;
