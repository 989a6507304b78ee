-- subject_refresh is updated for every batch that brings a subject new facts: room
-- left in each page lets such an update stay on its page (a HOT update, no new
-- index entry), and vacuuming it and the view tables sooner keeps their dead rows
-- from outgrowing the live ones during a rebuild.
ALTER TABLE subject_refresh SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE contribution SET (autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE recipient_view SET (autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE marac_agenda SET (autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE marac_reason SET (autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE case_subject SET (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02);
