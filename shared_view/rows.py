"""Rows of the shared view's tables and the value types they hold, both ways.

The columns and their order are those of shared_view/migrations; the writer copies
rows in binary, so each table's column types are declared beside its columns.
"""

from collections.abc import Sequence

from shared_view.agreements import Agreement, AgreementChange
from shared_view.eligibility import RULES_IN_ORDER, Reason
from shared_view.facts import Columns, Fact
from shared_view.kinds import kind_named
from shared_view.view import (
    BY_OVERRIDE,
    AgendaEntry,
    Contribution,
    Grant,
    OpenAction,
    Seen,
    Share,
    limited_to,
)

ENVELOPE_COLUMNS = (
    "agency_id, source_sequence, agency, subject_key, case_reference, kind, occurred_at"
)
PAYLOAD_TYPES = {  # Columns, in order
    "level": "int2",
    "tool": "text",
    "strands": "int2[]",
    "classification": "int2",
    "scopes": "int2[]",
    "refused": "int2[]",
    "ref": "text",
    "code": "int2",
    "open": "bool",
    "until": "timestamptz",
    "district": "text",
}
# In the table's order: recorded_at (migration 0007) came before district (0008), the
# last payload column.
BEFORE_RECORDED = Columns._fields[:-1]
FACT_COLUMNS = f"{ENVELOPE_COLUMNS}, {', '.join(BEFORE_RECORDED)}, recorded_at, district"
FACT_TYPES = [
    *("text", "int8", "int2", "text", "text", "text", "timestamptz"),
    *(PAYLOAD_TYPES[name] for name in BEFORE_RECORDED),
    "timestamptz",
    PAYLOAD_TYPES["district"],
]
CONTRIBUTION_COLUMNS = (
    "subject_key, agency_id, case_reference, agency, risk_level, risk_tool, incident_dates,"
    " strands, hate_crimes, hate_incidents, open_support, open_enforcement,"
    " open_action_types, open_action_due_dates, closed"
)
CONTRIBUTION_TYPES = [
    *("text", "text", "text", "int2", "int2", "text", "date[]", "int2[]", "int4", "int4"),
    *("int2[]", "int2[]", "int2[]", "date[]", "bool"),
]
GRANT_COLUMNS = "basis, override_id, lawful_basis, override_expires_at, categories"
RECIPIENT_VIEW_COLUMNS = f"subject_key, recipient, agency_id, case_reference, {GRANT_COLUMNS}"
RECIPIENT_VIEW_TYPES = [
    *("text", "int2", "text", "text", "text", "text", "int2", "timestamptz", "int2[]")
]
AGREEMENT_COLUMNS = (
    "agreement_id, sequence, holders, recipients, purposes, categories, lawful_bases,"
    " starts_at, ends_at"
)
AGENDA_COLUMNS = "subject_key, highest_risk_level, incident_count, districts"
AGENDA_TYPES = ["text", "int2", "int4", "text[]"]
REASON_COLUMNS = "subject_key, rule, agencies, agency_ids, case_references, referred"
REASON_TYPES = ["text", "text", "int2[]", "text[]", "text[]", "bool[]"]


def fact_row(fact: Fact) -> tuple:
    """The shared_fact row of a fact: the envelope, then the columns its kind fills."""
    columns = fact.kind.store(fact.payload)
    return (
        fact.agency_id,
        fact.source_sequence,
        fact.agency,
        fact.subject_key,
        fact.case_reference,
        fact.kind.name,
        fact.occurred_at,
        *columns[:-1],
        fact.recorded_at,
        columns.district,
    )


def fact_from_row(row: Sequence) -> Fact:
    (agency_id, sequence, agency, key, reference, name, occurred_at) = row[:7]
    kind = kind_named(name)
    payload = kind.load(Columns(*row[7:-2], district=row[-1]))
    return Fact(agency_id, sequence, agency, key, reference, kind, occurred_at, payload, row[-2])


def contribution_row(subject_key: str, c: Contribution) -> tuple:
    return (
        subject_key,
        c.agency_id,
        c.case_reference,
        c.agency,
        c.risk_level,
        c.risk_tool,
        list(c.incident_dates),
        list(c.strands),
        c.hate_crimes,
        c.hate_incidents,
        list(c.open_support),
        list(c.open_enforcement),
        [a.type for a in c.open_actions],
        [a.due_date for a in c.open_actions],
        c.closed,
    )


def share_row(subject_key: str, share: Share) -> tuple:
    grant = share.grant
    return (
        subject_key,
        share.recipient,
        share.agency_id,
        share.case_reference,
        grant.basis,
        grant.override_id,
        grant.lawful_basis,
        grant.expires_at,
        sorted(grant.categories),
    )


def agenda_row(entry: AgendaEntry) -> tuple:
    return (
        entry.subject_key,
        entry.highest_risk_level,
        entry.incident_count,
        list(entry.districts),
    )


def reason_row(subject_key: str, reason: Reason) -> tuple:
    referred = set(reason.referred)
    return (
        subject_key,
        reason.rule,
        [kind for kind, _, _ in reason.cases],
        [agency_id for _, agency_id, _ in reason.cases],
        [reference for _, _, reference in reason.cases],
        [case in referred for case in reason.cases],
    )


def reason_from_row(row: Sequence) -> tuple[str, Reason]:
    """(subject_key, reason) of a marac_reason row."""
    key, rule, kinds, agency_ids, references, referred = row
    cases = tuple(zip(kinds, agency_ids, references, strict=True))
    flagged = tuple(case for case, flag in zip(cases, referred, strict=True) if flag)
    return key, Reason(rule, cases, flagged)


def rule_order(reason: Reason) -> int:
    return RULES_IN_ORDER.index(reason.rule)


def agreement_row(change: AgreementChange) -> tuple:
    a = change.agreement
    return (
        a.agreement_id,
        change.sequence,
        sorted(a.holders),
        sorted(a.recipients),
        sorted(a.purposes),
        sorted(a.categories),
        sorted(a.lawful_bases),
        a.starts_at,
        a.ends_at,
    )


def agreement_from_row(row: Sequence) -> Agreement:
    agreement_id, _, holders, recipients, purposes, categories, bases, starts_at, ends_at = row
    return Agreement(
        agreement_id,
        frozenset(holders),
        frozenset(recipients),
        frozenset(purposes),
        frozenset(categories),
        frozenset(bases),
        starts_at,
        ends_at,
    )


def seen_from_row(row: Sequence) -> Seen:
    """A contribution row followed by the grant columns (NULL: the viewer's own),
    limited to the parts the grant covers."""
    (_, agency_id, reference, agency, level, tool, dates, strands, crimes, incidents) = row[:10]
    support, enforcement, action_types, action_dates, closed = row[10:15]
    contribution = Contribution(
        agency=agency,
        agency_id=agency_id,
        case_reference=reference,
        risk_level=level,
        risk_tool=tool,
        incident_dates=tuple(dates),
        strands=tuple(strands),
        hate_crimes=crimes,
        hate_incidents=incidents,
        open_support=tuple(support),
        open_enforcement=tuple(enforcement),
        open_actions=tuple(
            OpenAction(t, d) for t, d in zip(action_types, action_dates, strict=True)
        ),
        closed=closed,
    )
    if row[15] is None:
        return contribution, None
    grant = grant_from_row(row[15:])
    return limited_to(contribution, grant.categories), grant


def grant_from_row(columns: Sequence) -> Grant:
    """The grant columns, then (when read) the parts the agreements in force cover
    now: the grant covers the parts both allow."""
    basis, override_id, lawful_basis, expires_at, categories, *in_force = columns
    covered = frozenset(categories)
    if in_force:
        covered &= frozenset(in_force[0] or ())
    if basis == BY_OVERRIDE:
        return Grant(basis, override_id, lawful_basis, expires_at, covered)
    return Grant(basis, categories=covered)
