-- Outbox readers no longer wait for the oldest transaction of the whole cluster: they move past a
-- transaction that has run too long and remember it as a gap, to read its events once it commits
-- (see Outbox.java). A consumer's checkpoint keeps its gaps: transaction ids, comma-separated.
ALTER TABLE outbox_checkpoints ADD COLUMN gaps TEXT NOT NULL DEFAULT '';
