-- Each risk-projection worker's word on whether it is far behind its partitions (a
-- rebuild, a backlog), and until when that word holds: while any worker is, the
-- others refresh only now and then too, so that a subject is recomputed once for all
-- the facts that reach it meanwhile, whichever worker stores them. A worker killed
-- while behind holds the others back only until its word runs out.
CREATE TABLE IF NOT EXISTS projection_worker (
    holder text COLLATE "C" PRIMARY KEY,
    behind_until timestamptz
);
