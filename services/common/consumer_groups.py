"""How long a consumer group waits for a member that stopped heartbeating, for the
services' own Kafka consumers (the agency service's meeting-actions inbox, the
meeting service's action tracker, the audit ledger's feed): 10 s, as the risk
projection's workers (projections/app.py). kafka-python's default is 45 s, and a
process restarted after a crash waits that long for its dead predecessor's
partitions: a SIGKILLed agency service, meeting service or audit service read
nothing from its group, and was not serving, for 40-45 s after its restart.

(Static membership would take the partitions back at once, but a static member
never leaves its group, so an operator could not reset a stopped service's offsets
until its session ran out.)"""

SESSION_TIMEOUT_MS = 10_000
