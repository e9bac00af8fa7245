package dev.almanac.search;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene documents of one project: a {@code project} document carrying the BM25 text fields,
 * and one {@code chunk} document per embedded piece carrying its vector. Both carry the filter
 * fields (tenant, status, meta terms) so every query filters inside Lucene, and share one {@code key}
 * so a project's documents are replaced or deleted together.
 */
final class IndexDocuments {
    static final String KEY = "key";
    static final String TYPE = "type";
    static final String TENANT = "tenant";
    static final String PROJECT_ID = "project_id";
    static final String STATUS = "status";
    static final String META = "meta";
    static final String NAME = "name";
    static final String BODY = "body";
    /**
     * On project documents only: the project's id and its name, lower-cased and not analysed, so a
     * query equal to either finds the project with one term lookup (see {@link #exact}).
     */
    static final String EXACT = "exact";
    /** Prefix of the vector fields: one per tenant (see {@link #vectorField}). */
    static final String VECTOR = "vector/";
    /**
     * A chunk's snippet as search results show it (not the whole chunk) and its project's name, as
     * doc values: reading them for the winners of a semantic query costs microseconds, where stored
     * fields cost a block decompression per hit (a fifth of the query's time at 100,000 projects).
     */
    static final String CHUNK_SNIPPET = "chunk_snippet";
    static final String CHUNK_NAME = "chunk_name";
    static final String PROJECT = "project";
    static final String CHUNK = "chunk";

    /** Stored with offsets so the highlighter can cut snippets without re-analysing. */
    private static final FieldType HIGHLIGHTABLE = new FieldType(TextField.TYPE_STORED);

    static {
        HIGHLIGHTABLE.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        HIGHLIGHTABLE.freeze();
    }

    /**
     * The document layout this code writes. An index committed with another layout is rebuilt from
     * the database at start (like an index of another embedding model).
     */
    static final String LAYOUT = "6";

    private IndexDocuments() {}

    /**
     * The field holding one tenant's chunk vectors. A field per tenant gives each tenant an HNSW
     * graph of its own: a query walks it without a tenant filter (a filtered walk through every
     * tenant's graph was ~4× slower at 100,000 projects), and another tenant's vector cannot be
     * reached at all. Lucene keeps per-field structures per segment, which stays cheap for the
     * hundreds of tenants one instance serves; tens of thousands would call for buckets of tenants.
     */
    static String vectorField(String tenantId) {
        return VECTOR + tenantId;
    }

    static Term key(String tenantId, String projectId) {
        return new Term(KEY, tenantId + '\u0000' + projectId);
    }

    /** How a name, id or query is compared for an exact match: trimmed, lower-cased. */
    static String exact(String s) {
        return s.strip().toLowerCase(java.util.Locale.ROOT);
    }

    static List<Document> of(SearchableProject p, EmbeddingStore.Stored embeddings, String model) {
        List<Document> docs = new ArrayList<>();
        Document project = common(p, PROJECT);
        project.add(new Field(NAME, p.name(), HIGHLIGHTABLE));
        project.add(new Field(BODY, p.body(), HIGHLIGHTABLE));
        project.add(new StringField(EXACT, exact(p.id()), Field.Store.NO));
        project.add(new StringField(EXACT, exact(p.name()), Field.Store.NO));
        docs.add(project);
        if (embeddings != null && embeddings.model().equals(model)) {
            for (EmbeddingStore.Chunk c : embeddings.chunks()) {
                Document chunk = common(p, CHUNK);
                chunk.add(new KnnFloatVectorField(vectorField(p.tenantId()), c.vector(), VectorSimilarityFunction.DOT_PRODUCT));
                chunk.add(new BinaryDocValuesField(CHUNK_SNIPPET, new BytesRef(SearchService.shorten(c.text()))));
                chunk.add(new BinaryDocValuesField(CHUNK_NAME, new BytesRef(p.name())));
                docs.add(chunk);
            }
        }
        return docs;
    }

    private static Document common(SearchableProject p, String type) {
        Document d = new Document();
        d.add(new StringField(KEY, key(p.tenantId(), p.id()).text(), Field.Store.NO));
        d.add(new StringField(TYPE, type, Field.Store.NO));
        d.add(new StringField(TENANT, p.tenantId(), Field.Store.YES));
        d.add(new StringField(PROJECT_ID, p.id(), Field.Store.YES));
        // grouping chunk hits by project reads this, not the stored fields (see NearestProjects);
        // Lucene wants one schema per field, so project documents carry it too
        d.add(new SortedDocValuesField(PROJECT_ID, new BytesRef(p.id())));
        d.add(new StringField(STATUS, p.status(), Field.Store.NO));
        d.add(new StoredField(NAME + "_stored", p.name()));
        for (String term : p.metaTerms()) d.add(new StringField(META, term, Field.Store.NO));
        return d;
    }
}
