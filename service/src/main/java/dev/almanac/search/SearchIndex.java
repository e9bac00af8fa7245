package dev.almanac.search;

import dev.almanac.outbox.OutboxPosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * This instance's Lucene index under {@code <data dir>/index}.
 *
 * <p>The outbox position the index has applied up to is stored in the index's own commit (Lucene
 * "user data"), so index content and checkpoint are durable together: after a crash Lucene opens at
 * its last commit and the follower replays from the checkpoint in that very commit. Replaying is
 * harmless because applying an event rewrites the project's documents from the database.
 */
final class SearchIndex implements AutoCloseable {
    private static final String CHECKPOINT = "outbox_position";
    private static final String MODEL = "embedding_model";
    private static final String LAYOUT = "layout";

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private volatile OutboxPosition checkpoint;
    private volatile String committedModel;
    private volatile String committedLayout;
    private final java.util.concurrent.atomic.AtomicLong refreshes = new java.util.concurrent.atomic.AtomicLong();

    SearchIndex(Path dir) {
        try {
            Files.createDirectories(dir);
            directory = FSDirectory.open(dir);
            Map<String, String> userData = DirectoryReader.indexExists(directory)
                    ? SegmentInfos.readLatestCommit(directory).getUserData() : Map.of();
            checkpoint = userData.containsKey(CHECKPOINT) ? OutboxPosition.parse(userData.get(CHECKPOINT)) : null;
            committedModel = userData.get(MODEL);
            committedLayout = userData.get(LAYOUT);
            writer = new IndexWriter(directory, new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(64)
                    // only an explicit commit, which records the outbox position with the documents,
                    // may make changes durable; closing must not commit a half-applied batch or rebuild
                    .setCommitOnClose(false));
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the search index in " + dir, e);
        }
    }

    /** Null when the index has never been committed (new, or lost): it must be rebuilt. */
    OutboxPosition checkpoint() {
        return checkpoint;
    }

    String committedModel() {
        return committedModel;
    }

    /** Whether the last commit was written with the document layout of this code. */
    boolean hasCurrentLayout() {
        return IndexDocuments.LAYOUT.equals(committedLayout);
    }

    Analyzer analyzer() {
        return analyzer;
    }

    void replace(String tenantId, String projectId, List<Document> docs) throws IOException {
        writer.updateDocuments(IndexDocuments.key(tenantId, projectId), docs);
    }

    void delete(String tenantId, String projectId) throws IOException {
        writer.deleteDocuments(IndexDocuments.key(tenantId, projectId));
    }

    void deleteAll() throws IOException {
        writer.deleteAll();
    }

    /** Makes changes visible to searches (near-real-time: no fsync). */
    void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
        refreshes.incrementAndGet();
    }

    /** Refreshes since the index was opened (each one that found changes wrote a segment). */
    long refreshes() {
        return refreshes.get();
    }

    /** Makes changes and the checkpoint durable together. */
    void commit(OutboxPosition position, String model) throws IOException {
        writer.setLiveCommitData(Map.of(CHECKPOINT, position.toString(), MODEL, model, LAYOUT, IndexDocuments.LAYOUT).entrySet());
        writer.commit();
        checkpoint = position;
        committedModel = model;
        committedLayout = IndexDocuments.LAYOUT;
    }

    /**
     * Merges the index into one segment and makes it searchable; it becomes durable at the next
     * {@link #commit}. HNSW is searched segment by segment, so after a bulk load one segment answers
     * several times faster; writers may go on meanwhile.
     */
    void mergeToOneSegment() throws IOException {
        writer.forceMerge(1);
        searchers.maybeRefreshBlocking();
    }

    /** Lucene documents visible to searches now (project documents and their chunks). */
    int documentCount() throws IOException {
        return search(s -> s.getIndexReader().numDocs());
    }

    int segmentCount() throws IOException {
        return search(s -> s.getIndexReader().leaves().size());
    }

    <T> T search(SearchFunction<T> function) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return function.apply(searcher);
        } finally {
            searchers.release(searcher);
        }
    }

    interface SearchFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    long sizeOnDiskBytes() throws IOException {
        long total = 0;
        for (String file : directory.listAll()) {
            try {
                total += directory.fileLength(file);
            } catch (java.nio.file.NoSuchFileException e) {
                // merged away between listing and sizing: not part of the index any more
            }
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        writer.close();
        directory.close();
    }
}
