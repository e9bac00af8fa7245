package dev.almanac.search;

import dev.almanac.background.BackgroundThreads;
import dev.almanac.project.ProjectRef;
import dev.almanac.project.Projects;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * After start, walks every live project once and embeds those whose stored vectors are missing,
 * stale, or of another model — how a model change re-embeds everything, and how projects written
 * before search existed (or loaded in bulk with SQL) become searchable. Runs in the background on
 * one instance at a time (a transaction-scoped advisory lock per batch) and reports its progress.
 */
@Component
class EmbeddingBackfill {
    private static final Logger log = LoggerFactory.getLogger(EmbeddingBackfill.class);
    private static final int BATCH = 100;

    private final Projects projects;
    private final ProjectEmbedder embedder;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final EmbeddingStore store;
    private final String model;
    final AtomicLong scanned = new AtomicLong();
    final AtomicLong embedded = new AtomicLong();
    private volatile boolean running;

    EmbeddingBackfill(Projects projects, ProjectEmbedder embedder, JdbcClient jdbc, TransactionTemplate tx,
            EmbeddingStore store) {
        this.store = store;
        this.model = embedder.modelName();
        this.projects = projects;
        this.embedder = embedder;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    record Progress(boolean running, long scanned, long embedded) {}

    Progress progress() {
        return new Progress(running, scanned.get(), embedded.get());
    }

    @EventListener(ApplicationReadyEvent.class)
    void startInBackground(ApplicationReadyEvent event) {
        if (!event.getApplicationContext().getEnvironment().getProperty("almanac.background.enabled", Boolean.class, true)) return;
        BackgroundThreads.start("embedding-backfill", this::run);
    }

    void run() {
        running = true;
        try {
            // The usual restart: every live project already has vectors of this model, and the
            // embedder keeps them current from the outbox. Walking them all would be wasted work.
            if (store.countProjects(model) == projects.countLive()) return;
            ProjectRef after = null;
            for (List<ProjectRef> page; !(page = projects.scanLive(after, BATCH)).isEmpty(); after = page.getLast()) {
                Map<String, Set<String>> byTenant = new LinkedHashMap<>();
                for (ProjectRef ref : page) byTenant.computeIfAbsent(ref.tenantId(), t -> new LinkedHashSet<>()).add(ref.id());
                Integer n = tx.execute(status -> {
                    jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('outbox:search-embedder'))").query(Object.class).single();
                    int count = 0;
                    for (var e : byTenant.entrySet()) count += embedder.refresh(e.getKey(), e.getValue());
                    return count;
                });
                scanned.addAndGet(page.size());
                embedded.addAndGet(n == null ? 0 : n);
            }
            if (embedded.get() > 0) log.info("Embedding backfill done: {} of {} projects embedded", embedded.get(), scanned.get());
        } catch (RuntimeException e) {
            log.warn("Embedding backfill stopped: {}", e.toString());
        } finally {
            running = false;
        }
    }
}
