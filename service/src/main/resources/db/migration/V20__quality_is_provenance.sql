-- Versions before the local-AI rework suggested a 'quality' entry for people to review. It is now
-- part of each suggestion's provenance; the pending ones left over would sit in review inboxes for
-- ever. Remove them the way the weekly cleanup removes stale suggestions: a history row saying so,
-- then the entry. Accepted ones are a person's decision and stay.
INSERT INTO project_meta_history (tenant_id, project_id, key, entry_version, change, changed_by, changed_at)
SELECT tenant_id, project_id, key, version, 'expire', 'upgrade: quality is provenance now', now()
FROM project_meta
WHERE key = 'quality' AND source = 'ai' AND review_status = 'suggested';

DELETE FROM project_meta WHERE key = 'quality' AND source = 'ai' AND review_status = 'suggested';
