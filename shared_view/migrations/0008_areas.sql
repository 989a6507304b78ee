-- MARAC areas (shared_view/areas.py): each incident's postcode district (its outward
-- code, as the shared events carry it; not personal), and each agenda entry's
-- districts, those of the window's incidents the panel may see, so that an area's
-- agenda is read with one condition on them. Facts stored before have no district:
-- their subjects belong to every area (as a subject of no district does) until the
-- view is rebuilt from the topics; so no view needs recomputing now.
ALTER TABLE shared_fact ADD COLUMN IF NOT EXISTS district text;
ALTER TABLE marac_agenda ADD COLUMN IF NOT EXISTS districts text[] NOT NULL DEFAULT '{}';
ALTER TABLE marac_agenda ALTER COLUMN districts DROP DEFAULT;
