"""The shared view: the one owner of what the risk projection writes and RiskView reads.

- value types: facts (facts.py, each kind declared once in kinds.py), contributions,
  grants, shares, subject views and agenda entries (view.py), eligibility reasons
  (eligibility.py), and the configurable rules (rules.py);
- the pure view: `view.subject_view` from a subject's facts, `view.seen_by`, and
  MARAC eligibility (`eligibility.eligibility`);
- the schema and its migrations (schema.py, migrations/), applied by
  `python -m shared_view migrate`, never by a service on start;
- the writer (writer.py), used by the projection: store a batch of facts, refresh
  the views that are due;
- the reader (reader.py), used by RiskView: SELECT only, answering with value types.
"""
