package dev.almanac.search;

import dev.almanac.embedding.EmbeddingProvider;
import dev.almanac.outbox.Outbox;
import dev.almanac.outbox.OutboxConsumer;
import dev.almanac.outbox.OutboxEvent;
import dev.almanac.project.ProjectEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code project_embeddings} in step with projects: follows the outbox, re-embeds a project
 * whose searchable text changed, and announces it with a {@code project.embedded} event so every
 * instance's index picks up the new vectors. The write and the event share the consumer's
 * transaction, which also advances its checkpoint.
 */
@Component
class ProjectEmbedder implements OutboxConsumer {
    private final SearchableProjects loader;
    private final EmbeddingStore store;
    private final EmbeddingProvider embeddings;
    private final Outbox outbox;

    ProjectEmbedder(SearchableProjects loader, EmbeddingStore store, EmbeddingProvider embeddings, Outbox outbox) {
        this.loader = loader;
        this.store = store;
        this.embeddings = embeddings;
        this.outbox = outbox;
    }

    String modelName() {
        return embeddings.modelName();
    }

    @Override
    public String name() {
        return "search-embedder";
    }

    @Override
    public int batchSize() {
        return 200; // keeps each transaction short: embedding is the slow part
    }

    @Override
    public void handle(List<OutboxEvent> events) {
        Map<String, Set<String>> byTenant = new LinkedHashMap<>();
        for (OutboxEvent e : events) {
            // our own announcements change no text; anything else about a project may
            if (e.event() instanceof ProjectEvent p && !(p instanceof ProjectEmbedded)) {
                byTenant.computeIfAbsent(p.tenantId(), t -> new LinkedHashSet<>()).add(p.projectId());
            }
        }
        byTenant.forEach(this::refresh);
    }

    /** Embeds what changed among these projects; returns how many were (re-)embedded. */
    int refresh(String tenantId, Set<String> ids) {
        List<SearchableProject> current = loader.load(tenantId, ids);
        Map<String, String> stored = store.hashes(tenantId, ids, embeddings.modelName());
        Set<String> live = new LinkedHashSet<>();
        List<SearchableProject> stale = new ArrayList<>();
        for (SearchableProject p : current) {
            if (!p.isLive()) continue;
            live.add(p.id());
            if (!p.textHash().equals(stored.get(p.id()))) stale.add(p);
        }
        for (String id : ids) {
            if (!live.contains(id) && stored.containsKey(id)) store.delete(tenantId, id);
        }
        embed(tenantId, stale);
        return stale.size();
    }

    /**
     * Embeds the projects' chunks, except those whose text the project's stored chunks already have
     * (same model): they keep their vector. Metadata follows the description, so a changed or
     * accepted value leaves the description's chunks as they were and only the last ones are
     * embedded again.
     */
    private void embed(String tenantId, List<SearchableProject> projects) {
        if (projects.isEmpty()) return;
        Map<String, EmbeddingStore.Stored> before = store.load(tenantId, projects.stream().map(SearchableProject::id).toList());
        List<String> texts = new ArrayList<>();
        Map<String, List<String>> chunksOf = new HashMap<>();
        Map<String, float[]> known = new HashMap<>(); // by project id and chunk text
        for (SearchableProject p : projects) {
            EmbeddingStore.Stored stored = before.get(p.id());
            if (stored != null && stored.model().equals(embeddings.modelName())) {
                stored.chunks().forEach(c -> known.put(p.id() + "\n" + c.text(), c.vector()));
            }
            List<String> chunks = Chunker.chunks(p.embeddedText());
            chunksOf.put(p.id(), chunks);
            for (String chunk : chunks) {
                if (!known.containsKey(p.id() + "\n" + chunk)) texts.add(chunk);
            }
        }
        List<float[]> vectors = texts.isEmpty() ? List.of() : embeddings.embedAll(texts); // one batch: the model parallelises it
        Map<String, float[]> fresh = new HashMap<>();
        for (int i = 0; i < texts.size(); i++) fresh.put(texts.get(i), vectors.get(i));
        for (SearchableProject p : projects) {
            List<EmbeddingStore.Chunk> chunks = new ArrayList<>();
            List<String> pieces = chunksOf.get(p.id());
            for (int i = 0; i < pieces.size(); i++) {
                float[] vector = known.get(p.id() + "\n" + pieces.get(i));
                chunks.add(new EmbeddingStore.Chunk(i, pieces.get(i), vector != null ? vector : fresh.get(pieces.get(i))));
            }
            store.replace(tenantId, p.id(), embeddings.modelName(), p.textHash(), chunks);
            outbox.append(new ProjectEmbedded(tenantId, p.id(), embeddings.modelName(), chunks.size()));
        }
    }
}
