package dev.almanac.search;

import dev.almanac.embedding.EmbeddingProvider;
import dev.almanac.outbox.Outbox;
import dev.almanac.outbox.OutboxPosition;
import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.springframework.stereotype.Service;

/**
 * This instance's search index as an operator sees it (admin role, as {@code GET
 * /api/admin/search/status}): how much it holds, how far it trails the database, when its follower
 * last made progress or why it is stuck, and its rebuilds. For the console's index status page.
 */
@Service
public class IndexStatus {
    private static final int LAG_CAP = 100_000;

    private final IndexFollower follower;
    private final Outbox outbox;
    private final EmbeddingStore embeddings;
    private final EmbeddingProvider provider;
    private final InstantSource clock;

    IndexStatus(IndexFollower follower, Outbox outbox, EmbeddingStore embeddings, EmbeddingProvider provider, InstantSource clock) {
        this.follower = follower;
        this.outbox = outbox;
        this.embeddings = embeddings;
        this.provider = provider;
        this.clock = clock;
    }

    /**
     * {@code lagEvents} is -1 before the index has a checkpoint (being built); counted up to
     * {@value #LAG_CAP}. {@code lastError} is null while the follower follows.
     */
    public record View(long documents, long embeddedProjects, long lagEvents, Long lagSeconds, Instant lastProgress,
            String lastError, boolean rebuilding, long rebuildsSinceStart, String checkpoint, String model,
            long sizeOnDiskBytes, int segments) {}

    public View view(Caller caller) {
        caller.require(Role.ADMIN);
        OutboxPosition applied = follower.applied();
        Outbox.Lag lag = applied == null ? new Outbox.Lag(-1, null) : outbox.lagAfter(applied, LAG_CAP);
        Long seconds = lag.oldestPending() == null ? null
                : Math.max(0, Duration.between(lag.oldestPending(), clock.instant()).toSeconds());
        try {
            SearchIndex index = follower.index();
            return new View(index.documentCount(), embeddings.countProjects(provider.modelName()), lag.events(), seconds,
                    follower.lastProgress(), follower.lastError(), follower.rebuilding(), follower.rebuilds(),
                    applied == null ? null : applied.toString(), provider.modelName(), index.sizeOnDiskBytes(),
                    index.segmentCount());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the search index's state", e);
        }
    }
}
