-- Webhooks (issue 14): a tenant's subscriptions and the durable queue of their deliveries.
-- Deliveries are written by the outbox follower in the transaction that advances its checkpoint,
-- so a crash can neither lose an event nor enqueue it twice.
CREATE TABLE webhooks (
    id         VARCHAR(40) PRIMARY KEY,
    tenant_id  VARCHAR(64) NOT NULL REFERENCES tenants (id),
    url        TEXT NOT NULL,
    events     TEXT[] NOT NULL,
    secret     TEXT NOT NULL,
    -- the outbox position when it was registered: it hears only what happens after
    start_tx   BIGINT NOT NULL,
    start_seq  BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX webhooks_tenant ON webhooks (tenant_id, created_at);

-- One row per (webhook, event) and one more per redelivery. seq orders the deliveries of one stream
-- (a project, or a definition): a delivery waits while an earlier one of its stream is pending.
CREATE TABLE webhook_deliveries (
    id               VARCHAR(40) PRIMARY KEY,
    seq              BIGINT GENERATED ALWAYS AS IDENTITY,
    webhook_id       VARCHAR(40) NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    tenant_id        VARCHAR(64) NOT NULL,
    event_id         TEXT NOT NULL,
    event_type       TEXT NOT NULL,
    stream           TEXT NOT NULL,
    project_id       TEXT,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    last_attempt_at  TIMESTAMPTZ,
    last_status_code INTEGER,
    last_error       TEXT,
    payload          TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    delivered_at     TIMESTAMPTZ
);
CREATE UNIQUE INDEX webhook_deliveries_seq ON webhook_deliveries (seq);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_stream ON webhook_deliveries (webhook_id, stream, seq) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (webhook_id, seq DESC);
