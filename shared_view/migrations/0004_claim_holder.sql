-- Who holds each claim on a subject's refresh: the worker's name and a token of the
-- refresh. A worker that starts gives back only its own predecessor's claims (several
-- workers share one shared view), and a refresh writes only the views it still holds,
-- so one whose lease ran out while it computed cannot overwrite a newer view.
ALTER TABLE subject_refresh ADD COLUMN IF NOT EXISTS claim text COLLATE "C";
