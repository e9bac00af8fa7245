package dev.almanac.search;

import dev.almanac.background.BackgroundSettings;
import dev.almanac.background.BackgroundLoop;
import dev.almanac.background.BackgroundThreads;
import dev.almanac.config.AlmanacProperties;
import dev.almanac.embedding.EmbeddingProvider;
import dev.almanac.outbox.Outbox;
import dev.almanac.outbox.OutboxEvent;
import dev.almanac.project.ProjectEvent;
import dev.almanac.outbox.OutboxPosition;
import dev.almanac.outbox.OutboxPositionExpired;
import dev.almanac.project.ProjectRef;
import dev.almanac.project.Projects;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps this instance's index current: reads the outbox in order from the index's checkpoint,
 * rewrites the documents of every project an event touched from the database's current state,
 * refreshes searchers at once (a write is searchable within a poll interval) and commits the
 * checkpoint with the documents at most once a second.
 *
 * <p>Under a steady stream of writes (generation jobs write each project as they finish, 20 and
 * more a second) it refreshes at most once per {@code almanac.search.refresh-under-load}: each
 * refresh writes a new segment, and refreshing after every round (a handful of projects) cost more
 * CPU than the generation jobs' own Java work, in the refresh itself and in merging the tiny
 * segments' vector graphs (bench/RESULTS-generation.md). Writes count as a stream once three
 * refreshes fall within that interval, and stop counting after a whole interval without one; a
 * write after a quiet moment is applied at once, and a backlog (a full batch) is read without
 * waiting.
 *
 * <p>Once no change has arrived for a while, the index is merged into one segment on a thread of
 * its own (the follower goes on meanwhile): HNSW is searched segment by segment, and a bulk load
 * leaves many (see bench/RESULTS-search.md for what that costs).
 */
@Component
class IndexFollower implements SmartLifecycle, org.springframework.beans.factory.DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(IndexFollower.class);
    private static final int BATCH = 1000;

    private final SearchIndex index;
    private final Outbox outbox;
    private final Projects projects;
    private final SearchableProjects loader;
    private final EmbeddingStore embeddings;
    private final String model;
    private final long pollMillis;
    private final long refreshUnderLoadNanos;
    /**
     * When the last {@value #STREAM_REFRESHES} refreshes that carried events happened (a ring): that
     * many within one refresh interval means writes are streaming in, and refreshes are spaced until
     * a whole interval passes without an event.
     */
    private final long[] recentRefreshes = new long[STREAM_REFRESHES];
    private int oldestRefresh;
    private static final int STREAM_REFRESHES = 3;
    private boolean streaming;
    private long lastEventsAt;
    private boolean lastBatchFull;
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile boolean running;
    private BackgroundLoop loop;
    private volatile OutboxPosition applied;
    private Instant lastCommit = Instant.EPOCH;
    private final boolean background;
    private final Duration compactAfterIdle;
    private volatile Instant lastChange = Instant.now();
    private volatile boolean compactionDue = true;
    private final java.util.concurrent.atomic.AtomicBoolean compacting = new java.util.concurrent.atomic.AtomicBoolean();

    private volatile boolean rebuilding;
    private final java.util.concurrent.atomic.AtomicLong rebuilds = new java.util.concurrent.atomic.AtomicLong();

    IndexFollower(AlmanacProperties properties, Outbox outbox, Projects projects, SearchableProjects loader,
            EmbeddingStore embeddings, EmbeddingProvider provider,
            SearchSettings settings, BackgroundSettings background) {
        this.background = background.enabled();
        this.compactAfterIdle = settings.compactAfterIdle();
        this.index = new SearchIndex(properties.data().dir().resolve("index"));
        this.outbox = outbox;
        this.projects = projects;
        this.loader = loader;
        this.embeddings = embeddings;
        this.model = provider.modelName();
        this.pollMillis = settings.pollInterval().toMillis();
        this.refreshUnderLoadNanos = settings.refreshUnderLoad().toNanos();
        java.util.Arrays.fill(recentRefreshes, System.nanoTime() - java.util.concurrent.TimeUnit.HOURS.toNanos(1));
    }

    SearchIndex index() {
        return index;
    }

    /** The outbox position this instance's index has applied (not necessarily committed yet). */
    OutboxPosition applied() {
        return applied;
    }

    /** The failure the follower is stuck on, or null while it follows. */
    String lastError() {
        return loop == null ? null : loop.lastError();
    }

    /** When the follower last completed a round. */
    Instant lastProgress() {
        return loop == null ? null : loop.lastProgress();
    }

    /** CLI processes (and, later, HTTP-only instances) do not follow the outbox. */
    @Override
    public boolean isAutoStartup() {
        return background;
    }

    @Override
    public void start() {
        running = true;
        // decided here, before the instance reports ready, so that no status claims an index that
        // is about to be rebuilt is caught up
        if (outOfDate()) rebuilding = true;
        // e.g. the database is down: keep the index as it is and try again shortly.
        // No interrupt on stop: an interrupted thread in the middle of file I/O can close Lucene's channels.
        loop = BackgroundLoop.named("Search index follower", log)
                .thread("search-index-follower")
                .pollInterval(Duration.ofMillis(pollMillis))
                .backoff(Duration.ofSeconds(2), Duration.ofSeconds(2))
                .step(this::followRound)
                .build();
        loop.start();
    }

    /** One round: rebuild when needed, then apply a batch; merge the index when idle for long. */
    private boolean followRound() throws IOException {
        if (applied == null || rebuilding) rebuildIfNeeded();
        if (streaming && !lastBatchFull) waitUntilRefreshDue();
        int events = followOnce();
        long now = System.nanoTime();
        if (events > 0) {
            lastEventsAt = now;
            lastBatchFull = events >= BATCH;
            if (now - recentRefreshes[oldestRefresh] < refreshUnderLoadNanos) streaming = true;
            return true;
        }
        if (now - lastEventsAt >= refreshUnderLoadNanos) streaming = false;
        compactIfIdle();
        return false;
    }

    /** Under a steady stream of writes: lets the events of one refresh interval gather first. */
    private void waitUntilRefreshDue() {
        long last = recentRefreshes[Math.floorMod(oldestRefresh - 1, STREAM_REFRESHES)];
        long left = last + refreshUnderLoadNanos - System.nanoTime();
        if (left > 0) loop.pause(Duration.ofNanos(left)); // a stop cuts it short
    }

    /**
     * Rebuilds at start when the index is missing, of another model or layout, and again after a
     * rebuild that failed half-way. Decided under the write lock: a rebuild another thread is
     * running (the admin endpoint) is waited for, not repeated.
     */
    private void rebuildIfNeeded() throws IOException {
        writeLock.lock();
        try {
            if (applied == null) applied = index.checkpoint();
            if (rebuilding || outOfDate()) rebuild();
        } finally {
            writeLock.unlock();
        }
    }

    /** The committed index is missing, or of another embedding model or document layout. */
    private boolean outOfDate() {
        return index.checkpoint() == null || !model.equals(index.committedModel()) || !index.hasCurrentLayout();
    }

    /** Applies one batch of outbox events; returns how many there were. */
    int followOnce() throws IOException {
        writeLock.lock();
        try {
            Outbox.Batch batch;
            try {
                batch = outbox.read(applied, BATCH);
            } catch (OutboxPositionExpired e) {
                // this instance's index was away longer than the outbox keeps events: start over
                log.warn("Search index is behind the events the outbox keeps ({}); rebuilding", e.getMessage());
                rebuilding = true;
                return 0;
            }
            List<OutboxEvent> events = batch.events();
            if (events.isEmpty()) {
                // a position that moved without events is not worth a commit, unless its gaps changed
                if (!batch.next().gaps().equals(applied.gaps())) applied = batch.next();
                commitIfDue(true);
                return 0;
            }
            Map<String, Set<String>> touched = new LinkedHashMap<>();
            for (OutboxEvent e : events) {
                if (e.event() instanceof ProjectEvent p) {
                    touched.computeIfAbsent(p.tenantId(), t -> new LinkedHashSet<>()).add(p.projectId());
                }
            }
            for (Map.Entry<String, Set<String>> t : touched.entrySet()) apply(t.getKey(), t.getValue());
            if (!touched.isEmpty()) {
                lastChange = Instant.now();
                compactionDue = true;
            }
            // refresh before publishing the position: "caught up" must mean "searchable"
            index.refresh();
            recentRefreshes[oldestRefresh] = System.nanoTime();
            oldestRefresh = (oldestRefresh + 1) % STREAM_REFRESHES;
            applied = batch.next();
            commitIfDue(false);
            return events.size();
        } finally {
            writeLock.unlock();
        }
    }

    private void apply(String tenantId, Set<String> ids) throws IOException {
        List<SearchableProject> current = loader.load(tenantId, ids);
        Map<String, EmbeddingStore.Stored> vectors = embeddings.load(tenantId, ids);
        Set<String> seen = new LinkedHashSet<>();
        for (SearchableProject p : current) {
            seen.add(p.id());
            if (p.isLive()) {
                index.replace(tenantId, p.id(), IndexDocuments.of(p, vectors.get(p.id()), model));
            } else {
                index.delete(tenantId, p.id());
            }
        }
        for (String id : ids) {
            if (!seen.contains(id)) index.delete(tenantId, id);
        }
    }

    /**
     * Merges the index into one segment, then commits it with the applied position. The merge runs
     * outside the write lock (it can take seconds); the commit inside it, and never over a
     * half-built index.
     */
    void compact() throws IOException {
        index.mergeToOneSegment();
        writeLock.lock();
        try {
            if (applied != null && !rebuilding) index.commit(applied, model);
        } finally {
            writeLock.unlock();
        }
    }

    private void compactIfIdle() {
        if (!compactionDue || compactAfterIdle.isZero() || Duration.between(lastChange, Instant.now()).compareTo(compactAfterIdle) < 0
                || !compacting.compareAndSet(false, true)) {
            return;
        }
        compactionDue = false;
        BackgroundThreads.start("search-index-compaction", () -> {
            try {
                int segments = index.segmentCount();
                if (segments > 1) {
                    long start = System.nanoTime();
                    compact();
                    log.info("Search index merged from {} segments into one in {} ms", segments, (System.nanoTime() - start) / 1_000_000);
                }
            } catch (Exception e) {
                // e.g. closed during shutdown: the index stays as it was, correct, only slower
                log.warn("Search index compaction: {}", e.toString());
            } finally {
                compacting.set(false);
            }
        });
    }

    private void commitIfDue(boolean idle) throws IOException {
        if (applied == null || rebuilding) return;
        boolean due = Duration.between(lastCommit, Instant.now()).toMillis() >= 1000;
        if (due && (idle || !applied.equals(index.checkpoint()))) {
            if (!applied.equals(index.checkpoint())) index.commit(applied, model);
            lastCommit = Instant.now();
        }
    }

    /**
     * Rebuilds the index from the database: note the outbox head first, then index every live
     * project, then commit with that position. Changes made during the rebuild are in events after
     * the position and are replayed; replaying them is harmless.
     */
    void rebuild() throws IOException {
        writeLock.lock();
        // Until a rebuild succeeds the writer holds a half-built index: nothing may commit it (the
        // old checkpoint would then vouch for it), and the follower starts the rebuild over.
        rebuilding = true;
        try {
            OutboxPosition head = outbox.head();
            log.info("Rebuilding the search index from the database (outbox position {})", head);
            index.deleteAll();
            long count = 0;
            ProjectRef after = null;
            while (true) {
                List<ProjectRef> page = projects.scanLive(after, 500);
                if (page.isEmpty()) break;
                Map<String, Set<String>> byTenant = new LinkedHashMap<>();
                for (ProjectRef ref : page) byTenant.computeIfAbsent(ref.tenantId(), t -> new LinkedHashSet<>()).add(ref.id());
                for (Map.Entry<String, Set<String>> t : byTenant.entrySet()) apply(t.getKey(), t.getValue());
                count += page.size();
                after = page.getLast();
            }
            index.commit(head, model);
            index.refresh();
            applied = head;
            lastCommit = Instant.now();
            rebuilding = false;
            rebuilds.incrementAndGet();
            log.info("Search index rebuilt: {} projects", count);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Whether a rebuild is running or must be run again (the last one failed). Until one succeeds
     * the checkpoint is the old index's and the index is incomplete, so the lag alone would claim a
     * caught-up index.
     */
    boolean rebuilding() {
        return rebuilding;
    }

    /** Rebuilds completed by this instance since it started (the first start with no index is one). */
    long rebuilds() {
        return rebuilds.get();
    }

    /** Project keys ({@code tenant \0 id}) of every project document: for verification. */
    List<String> indexedProjects() throws IOException {
        return index.search(searcher -> {
            List<String> keys = new ArrayList<>();
            var reader = searcher.getIndexReader();
            var storedFields = searcher.storedFields();
            var query = new org.apache.lucene.search.TermQuery(new org.apache.lucene.index.Term(IndexDocuments.TYPE, IndexDocuments.PROJECT));
            var weight = searcher.createWeight(searcher.rewrite(query), org.apache.lucene.search.ScoreMode.COMPLETE_NO_SCORES, 1);
            for (var leaf : reader.leaves()) {
                var scorer = weight.scorer(leaf);
                if (scorer == null) continue;
                var it = scorer.iterator();
                for (int doc = it.nextDoc(); doc != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                    if (leaf.reader().getLiveDocs() != null && !leaf.reader().getLiveDocs().get(doc)) continue;
                    var d = storedFields.document(leaf.docBase + doc);
                    keys.add(d.get(IndexDocuments.TENANT) + '\u0000' + d.get(IndexDocuments.PROJECT_ID));
                }
            }
            return keys;
        });
    }

    @Override
    public void stop() {
        running = false;
        if (loop != null) loop.stop(Duration.ofSeconds(10));
    }

    /** Commits what was applied and closes the index, whether or not the follower ran. */
    @Override
    public void destroy() {
        writeLock.lock();
        try {
            if (applied != null && !rebuilding && !applied.equals(index.checkpoint())) index.commit(applied, model);
            index.close(); // without committing: what is not committed above is replayed from the outbox
        } catch (IOException e) {
            log.warn("Could not close the search index cleanly: {}", e.toString());
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
