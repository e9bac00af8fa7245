package dev.almanac.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.outbox.OutboxPosition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The semantic query on a small real index: grouping, threshold, tenant and status filters, layout. */
class NearestProjectsTest {
    @TempDir Path dir;

    private static SearchableProject project(String tenant, String id, String status) {
        return new SearchableProject(tenant, id, "name " + id, "about " + id, status, "body of " + id, "body of " + id, Set.of());
    }

    private static EmbeddingStore.Stored vectors(float[]... chunks) {
        List<EmbeddingStore.Chunk> list = new java.util.ArrayList<>();
        for (int i = 0; i < chunks.length; i++) list.add(new EmbeddingStore.Chunk(i, "chunk " + i, unit(chunks[i])));
        return new EmbeddingStore.Stored("m", "hash", list);
    }

    private static float[] unit(float[] v) {
        double n = 0;
        for (float f : v) n += f * f;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) (v[i] / Math.sqrt(n));
        return out;
    }

    @Test
    void groupsChunksByProjectFiltersByTenantAndStatusAndHonoursTheThreshold() throws IOException {
        try (SearchIndex index = new SearchIndex(dir)) {
            // p1 has two chunks, both near the query: it must appear once, with its best chunk
            index.replace("t1", "p1", IndexDocuments.of(project("t1", "p1", "active"), vectors(new float[] {1, 0.1f, 0}, new float[] {1, 0, 0}), "m"));
            index.replace("t1", "p2", IndexDocuments.of(project("t1", "p2", "locked"), vectors(new float[] {1, 0.5f, 0}), "m"));
            index.replace("t1", "p3", IndexDocuments.of(project("t1", "p3", "active"), vectors(new float[] {0, 0, 1}), "m"));
            // another tenant's project is the closest of all, and must never appear
            index.replace("t2", "p9", IndexDocuments.of(project("t2", "p9", "active"), vectors(new float[] {1, 0, 0}), "m"));
            index.commit(OutboxPosition.START, "m");
            index.refresh();
            float[] query = unit(new float[] {1, 0, 0});

            List<NearestProjects.Match> all = index.search(s -> NearestProjects.search(s,
                    query, NearestProjects.scope("t1", NearestProjects.INDEXED_STATUSES, Set.of(), null), 10, -1));
            assertThat(all).extracting(NearestProjects.Match::projectId).containsExactly("p1", "p2", "p3");
            assertThat(all.getFirst().cosine()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));

            List<NearestProjects.Match> close = index.search(s -> NearestProjects.search(s,
                    query, NearestProjects.scope("t1", NearestProjects.INDEXED_STATUSES, Set.of(), null), 10, 0.5));
            assertThat(close).extracting(NearestProjects.Match::projectId).containsExactly("p1", "p2");

            List<NearestProjects.Match> active = index.search(s -> NearestProjects.search(s,
                    query, NearestProjects.scope("t1", Set.of("active"), Set.of(), "p1"), 10, -1));
            assertThat(active).extracting(NearestProjects.Match::projectId).containsExactly("p3");

            // a tenant with no vectors at all: its field does not exist, which is an empty answer
            List<NearestProjects.Match> none = index.search(s -> NearestProjects.search(s,
                    query, NearestProjects.scope("t3", NearestProjects.INDEXED_STATUSES, Set.of(), null), 10, -1));
            assertThat(none).isEmpty();

            List<NearestProjects.Match> one = index.search(s -> NearestProjects.search(s,
                    query, NearestProjects.scope("t1", NearestProjects.INDEXED_STATUSES, Set.of(), null), 1, -1));
            assertThat(one).extracting(NearestProjects.Match::projectId).containsExactly("p1");

            // a second segment, then compaction: one segment, same answers
            index.replace("t1", "p4", IndexDocuments.of(project("t1", "p4", "active"), vectors(new float[] {0.5f, 1, 0}), "m"));
            index.refresh();
            assertThat(index.segmentCount()).isGreaterThan(1);
            index.mergeToOneSegment();
            assertThat(index.segmentCount()).isEqualTo(1);
            List<NearestProjects.Match> merged = index.search(s -> NearestProjects.search(s,
                    query, NearestProjects.scope("t1", NearestProjects.INDEXED_STATUSES, Set.of(), null), 10, -1));
            assertThat(merged).extracting(NearestProjects.Match::projectId).containsExactly("p1", "p2", "p4", "p3");
        }
    }

    @Test
    void anIndexWrittenWithAnotherLayoutAsksForARebuild() throws IOException {
        try (var directory = FSDirectory.open(dir); var writer = new IndexWriter(directory, new IndexWriterConfig())) {
            writer.setLiveCommitData(java.util.Map.of("outbox_position", OutboxPosition.START.toString(), "embedding_model", "m").entrySet());
            writer.commit(); // as the first layout committed it: no layout entry
        }
        try (SearchIndex index = new SearchIndex(dir)) {
            assertThat(index.checkpoint()).isNotNull();
            assertThat(index.hasCurrentLayout()).isFalse();
            index.commit(OutboxPosition.START, "m");
        }
        try (SearchIndex index = new SearchIndex(dir)) {
            assertThat(index.hasCurrentLayout()).isTrue();
        }
    }
}
