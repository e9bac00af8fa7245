package dev.almanac.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.outbox.OutboxPosition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only an explicit commit (documents together with their outbox position) makes changes durable. */
class SearchIndexTest {
    @TempDir Path dir;

    private static SearchableProject project(String id) {
        return new SearchableProject("t1", id, "name " + id, "about " + id, "active", "body of " + id, "body of " + id, Set.of());
    }

    private int projects(SearchIndex index) throws IOException {
        return index.search(s -> s.count(new TermQuery(new Term(IndexDocuments.TYPE, IndexDocuments.PROJECT))));
    }

    @Test
    void closingDropsWhatWasNotCommittedAndAMergeWaitsForTheNextCommit() throws IOException {
        try (SearchIndex index = new SearchIndex(dir)) {
            index.replace("t1", "p1", IndexDocuments.of(project("p1"), null, "m"));
            index.commit(OutboxPosition.START, "m");
            // e.g. a rebuild cut short: everything deleted, one project written again, never committed
            index.deleteAll();
            index.replace("t1", "p2", IndexDocuments.of(project("p2"), null, "m"));
            index.mergeToOneSegment();
            index.refresh();
            assertThat(projects(index)).isEqualTo(1);
        }
        try (SearchIndex index = new SearchIndex(dir)) {
            assertThat(index.checkpoint()).isEqualTo(OutboxPosition.START);
            int committed = index.search(s -> s.count(new TermQuery(IndexDocuments.key("t1", "p1"))));
            int uncommitted = index.search(s -> s.count(new TermQuery(IndexDocuments.key("t1", "p2"))));
            assertThat(committed).as("the committed project").isEqualTo(1);
            assertThat(uncommitted).as("the uncommitted one").isZero();
        }
    }
}
