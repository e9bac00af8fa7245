-- How far old outbox events have been deleted (one row at most). A reader whose position lies
-- below it has missed events and must start over (the search index rebuilds).
CREATE TABLE outbox_pruned (
    id        BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id),
    tx_id     XID8        NOT NULL,
    seq       BIGINT      NOT NULL,
    pruned_at TIMESTAMPTZ NOT NULL
);
