/**
 * AI metadata generation (seed ADR-001): requests become persistent jobs; workers run them through
 * the tenant's provider chain (remote chat APIs, the offline local model) and store the answers as
 * suggestions for people to review; nightly generation and weekly cleanup schedules. The
 * {@code ai_rate_limits} table holds Bucket4j's shared buckets.
 */
@ApplicationModule(allowedDependencies = {"audit", "background", "cache", "embedding", "limits", "meta", "outbox", "project", "schedule", "web"})
@OwnsTables({"generation_jobs", "generation_job_events", "generation_cache", "tenant_ai_settings", "ai_rate_limits", "generation_text_vectors"})
package dev.almanac.generation;

import dev.almanac.OwnsTables;
import org.springframework.modulith.ApplicationModule;
