-- Issue 15: a tenant's controlled tag vocabulary ({terms: [{term, description}], allow_free_tags}),
-- set with PUT /api/settings/ai; null = free tags, as before.
ALTER TABLE tenant_ai_settings ADD COLUMN tag_vocabulary JSONB;
