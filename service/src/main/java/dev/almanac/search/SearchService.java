package dev.almanac.search;

import dev.almanac.embedding.EmbeddingProvider;
import dev.almanac.web.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.springframework.stereotype.Service;

/**
 * Semantic (HNSW over chunk vectors, a project scores its best chunk), keyword (BM25 over name and
 * body) and hybrid (reciprocal rank fusion of both) search. The tenant, status and metadata filters
 * are part of every Lucene query, never applied to results afterwards.
 */
@Service
public class SearchService {
    static final int RRF_K = 60;
    private static final int SNIPPET_CHARS = 240;

    private final IndexFollower follower;
    private final EmbeddingProvider embeddings;
    private final SearchSlots slots;
    private final EmbeddingStore stored;

    SearchService(IndexFollower follower, EmbeddingProvider embeddings, SearchSlots slots, EmbeddingStore stored) {
        this.follower = follower;
        this.embeddings = embeddings;
        this.slots = slots;
        this.stored = stored;
    }

    public enum Mode { SEMANTIC, KEYWORD, HYBRID }

    /**
     * A result. {@code matchedBy}: {@link #EXACT} (the query is the project's id or name), {@link #WORDS}
     * (the keyword ranking found it), {@link #MEANING} (the semantic ranking did) or {@link #BOTH}.
     */
    public record Hit(String projectId, String name, double score, String snippet, String matchedBy) {}

    public static final String EXACT = "exact";
    public static final String WORDS = "words";
    public static final String MEANING = "meaning";
    public static final String BOTH = "both";

    public record Request(String tenantId, String q, Mode mode, int limit, double threshold, Set<String> statuses, Set<String> metaTerms) {}

    /**
     * A search, once one of this instance's search slots is free (see {@link SearchSlots}). A project
     * whose id or name equals the query (trimmed, ignoring case) comes first in every mode.
     */
    public List<Hit> search(Request r) {
        try {
            return slots.run(() -> switch (r.mode()) {
                case SEMANTIC -> {
                    float[] vector = queryVector(r);
                    yield follower.index().search(searcher -> exactFirst(searcher, r,
                            withNamesAndSnippets(searcher, semanticRanking(searcher, r, vector, r.limit(), null))));
                }
                case KEYWORD -> keyword(r, r.limit());
                case HYBRID -> hybrid(r);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Projects whose text is closest in meaning to this one's (its chunks' mean vector), itself left
     * out; none while the project has no embedding. The caller checks the project exists.
     */
    public List<Hit> similar(String tenantId, String projectId, int limit, double threshold) {
        EmbeddingStore.Stored own = stored.load(tenantId, List.of(projectId)).get(projectId);
        if (own == null) return List.of();
        float[] mean = new float[own.chunks().getFirst().vector().length];
        for (EmbeddingStore.Chunk c : own.chunks()) {
            for (int i = 0; i < mean.length; i++) mean[i] += c.vector()[i];
        }
        var request = new Request(tenantId, "", Mode.SEMANTIC, limit, threshold, NearestProjects.INDEXED_STATUSES, Set.of());
        try {
            return semantic(request, EmbeddingProvider.normalize(mean), limit, projectId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The query's embedding, computed below the cheap requests (see {@link SearchSlots}). */
    private float[] queryVector(Request r) {
        return slots.belowRequests(() -> embeddings.embed(r.q()));
    }

    /** Projects nearest to the given vector; {@code exclude} leaves out one project (itself). */
    List<Hit> semantic(Request r, float[] vector, int limit, String exclude) throws IOException {
        return follower.index().search(searcher -> withNamesAndSnippets(searcher, semanticRanking(searcher, r, vector, limit, exclude)));
    }

    /**
     * A ranked hit before its stored fields are read: a chunk (semantic: its text is the snippet)
     * or a project document (keyword: its body is).
     */
    private record Ranked(String projectId, int doc, double score, boolean chunk, String matchedBy) {}

    private static List<Ranked> semanticRanking(IndexSearcher searcher, Request r, float[] vector, int limit, String exclude)
            throws IOException {
        NearestProjects.Scope scope = NearestProjects.scope(r.tenantId(), r.statuses(), r.metaTerms(), exclude);
        List<Ranked> ranked = new ArrayList<>();
        for (NearestProjects.Match m : NearestProjects.search(searcher, vector, scope, limit, r.threshold())) {
            ranked.add(new Ranked(m.projectId(), m.doc(), round(m.cosine()), true, MEANING));
        }
        return ranked;
    }

    private static List<Ranked> keywordRanking(IndexSearcher searcher, Query query, int limit) throws IOException {
        ScoreDoc[] top = searcher.search(query, limit).scoreDocs;
        NearestProjects.ProjectOrdinals projects = new NearestProjects.ProjectOrdinals(searcher, top);
        List<Ranked> ranked = new ArrayList<>();
        for (int i = 0; i < top.length; i++) ranked.add(new Ranked(projects.id(i), top[i].doc, round(top[i].score), false, WORDS));
        return ranked;
    }

    /**
     * Reads names and snippets for the hits that are returned, and for no others: chunk hits from
     * doc values ({@link NearestProjects#show}), project hits (keyword) from stored fields.
     */
    private static List<Hit> withNamesAndSnippets(IndexSearcher searcher, List<Ranked> ranked) throws IOException {
        List<NearestProjects.Match> chunks = new ArrayList<>();
        for (Ranked h : ranked) if (h.chunk()) chunks.add(new NearestProjects.Match(h.projectId(), h.doc(), h.score()));
        var shown = NearestProjects.show(searcher, chunks).iterator();
        var stored = searcher.storedFields();
        List<Hit> hits = new ArrayList<>();
        for (Ranked h : ranked) {
            if (h.chunk()) {
                NearestProjects.Shown s = shown.next();
                hits.add(new Hit(h.projectId(), s.name(), h.score(), s.snippet(), h.matchedBy()));
            } else {
                var doc = stored.document(h.doc(), NAME_AND_BODY);
                hits.add(new Hit(h.projectId(), doc.get(IndexDocuments.NAME + "_stored"), h.score(), shorten(doc.get(IndexDocuments.BODY)),
                        h.matchedBy()));
            }
        }
        return hits;
    }

    private static final Set<String> NAME_AND_BODY = Set.of(IndexDocuments.NAME + "_stored", IndexDocuments.BODY);
    private static final Set<String> ID_AND_NAME = Set.of(IndexDocuments.PROJECT_ID, IndexDocuments.NAME + "_stored");

    private Query keywordQuery(Request r, Query text) {
        return keywordFilter(r).add(text, BooleanClause.Occur.MUST).build();
    }

    /** BM25 hits with highlighted snippets. */
    private List<Hit> keyword(Request r, int limit) throws IOException {
        Query text = textQuery(r.q());
        Query query = keywordQuery(r, text);
        return follower.index().search(searcher -> {
            TopDocs top = searcher.search(query, limit);
            String[] snippets = highlight(searcher, text, top);
            List<Hit> hits = new ArrayList<>();
            var stored = searcher.storedFields();
            for (int i = 0; i < top.scoreDocs.length; i++) {
                var doc = stored.document(top.scoreDocs[i].doc, ID_AND_NAME);
                hits.add(new Hit(doc.get(IndexDocuments.PROJECT_ID), doc.get(IndexDocuments.NAME + "_stored"),
                        round(top.scoreDocs[i].score), snippets[i], WORDS));
            }
            return exactFirst(searcher, r, hits);
        });
    }

    /**
     * Reciprocal rank fusion: score = Σ 1 / (60 + rank) over the two ranked lists. Both lists are
     * ranked on one searcher without stored fields; names and snippets are read for the fused
     * winners only (reading them for both lists of 20 was a tenth of the CPU of a mixed load).
     */
    private List<Hit> hybrid(Request r) throws IOException {
        // Ranks past ~20 add little to a fused top 10 (1/(60+20) vs 1/61) but cost a lot.
        int depth = Math.max(20, r.limit() * 2);
        float[] vector = queryVector(r);
        Query query = keywordQuery(r, textQuery(r.q()));
        return follower.index().search(searcher -> {
            Map<String, Double> scores = new HashMap<>();
            Map<String, Ranked> first = new HashMap<>();
            Map<String, String> matchedBy = new HashMap<>();
            // semantic first: its hits carry the matching chunk as their snippet
            for (List<Ranked> list : List.of(semanticRanking(searcher, r, vector, depth, null), keywordRanking(searcher, query, depth))) {
                for (int rank = 0; rank < list.size(); rank++) {
                    Ranked h = list.get(rank);
                    scores.merge(h.projectId(), 1.0 / (RRF_K + rank + 1), Double::sum);
                    first.putIfAbsent(h.projectId(), h);
                    matchedBy.merge(h.projectId(), h.matchedBy(), (a, b) -> a.equals(b) ? a : BOTH);
                }
            }
            List<Ranked> fused = scores.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                    .limit(r.limit())
                    .map(e -> {
                        Ranked h = first.get(e.getKey());
                        return new Ranked(h.projectId(), h.doc(), round(e.getValue()), h.chunk(), matchedBy.get(e.getKey()));
                    })
                    .toList();
            return exactFirst(searcher, r, withNamesAndSnippets(searcher, fused));
        });
    }

    /**
     * The ranked hits with the projects whose id or name equals the query moved (or added) to the
     * front, id matches before name matches, as {@link #EXACT}: one term lookup under the same
     * tenant, status and metadata filter as the keyword query. A project the ranking found keeps its
     * score and snippet; one it did not gets score 0 and the start of its text.
     */
    private List<Hit> exactFirst(IndexSearcher searcher, Request r, List<Hit> ranked) throws IOException {
        String term = IndexDocuments.exact(r.q());
        if (term.isEmpty()) return ranked;
        Query query = keywordFilter(r).add(new TermQuery(new Term(IndexDocuments.EXACT, term)), BooleanClause.Occur.FILTER).build();
        ScoreDoc[] top = searcher.search(query, r.limit()).scoreDocs;
        if (top.length == 0) return ranked;
        var stored = searcher.storedFields();
        List<Hit> byId = new ArrayList<>();
        List<Hit> byName = new ArrayList<>();
        List<Hit> rest = new ArrayList<>(ranked);
        for (ScoreDoc d : top) {
            var doc = stored.document(d.doc, EXACT_FIELDS);
            String id = doc.get(IndexDocuments.PROJECT_ID);
            Hit found = rest.stream().filter(h -> h.projectId().equals(id)).findFirst().orElse(null);
            rest.remove(found);
            Hit hit = found != null ? new Hit(id, found.name(), found.score(), found.snippet(), EXACT)
                    : new Hit(id, doc.get(IndexDocuments.NAME + "_stored"), 0.0, shorten(doc.get(IndexDocuments.BODY)), EXACT);
            (IndexDocuments.exact(id).equals(term) ? byId : byName).add(hit);
        }
        List<Hit> hits = new ArrayList<>(byId);
        hits.addAll(byName);
        hits.addAll(rest);
        return hits.size() > r.limit() ? hits.subList(0, r.limit()) : hits;
    }

    private static final Set<String> EXACT_FIELDS =
            Set.of(IndexDocuments.PROJECT_ID, IndexDocuments.NAME + "_stored", IndexDocuments.BODY);

    private Query textQuery(String q) {
        SimpleQueryParser parser = new SimpleQueryParser(follower.index().analyzer(),
                Map.of(IndexDocuments.NAME, 2.0f, IndexDocuments.BODY, 1.0f));
        parser.setDefaultOperator(BooleanClause.Occur.SHOULD);
        Query parsed = parser.parse(q);
        // a query of only stop words or punctuation parses to nothing
        return parsed == null ? new MatchNoDocsQuery() : parsed;
    }

    /**
     * The keyword filter: the tenant, and statuses or metadata terms only when they narrow it (the
     * index holds no deleted project). Name and body exist on project documents only, so no type
     * clause either: each clause left out is one less posting list to intersect per query.
     */
    private static BooleanQuery.Builder keywordFilter(Request r) {
        BooleanQuery.Builder b = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(IndexDocuments.TENANT, r.tenantId())), BooleanClause.Occur.FILTER);
        if (!r.statuses().containsAll(NearestProjects.INDEXED_STATUSES)) {
            BooleanQuery.Builder statuses = new BooleanQuery.Builder();
            for (String s : r.statuses()) statuses.add(new TermQuery(new Term(IndexDocuments.STATUS, s)), BooleanClause.Occur.SHOULD);
            b.add(statuses.build(), BooleanClause.Occur.FILTER);
        }
        for (String term : r.metaTerms()) b.add(new TermQuery(new Term(IndexDocuments.META, term)), BooleanClause.Occur.FILTER);
        return b;
    }

    private String[] highlight(IndexSearcher searcher, Query text, TopDocs top) throws IOException {
        String[] out = new String[top.scoreDocs.length];
        if (out.length == 0) return out;
        // Weight matches (the default) build a new Weight for the whole query per call; term-by-term
        // matching on the offsets in the postings gives the same snippets for our term and phrase
        // queries at less than half the cost (3.8 → 1.6 ms per query for 10 hits at 100k projects).
        UnifiedHighlighter highlighter = UnifiedHighlighter.builder(searcher, follower.index().analyzer())
                .withMaxLength(100_000)
                .withWeightMatches(false)
                .build();
        Map<String, String[]> byField = highlighter.highlightFields(new String[] {IndexDocuments.BODY, IndexDocuments.NAME},
                text, top, new int[] {1, 1});
        var stored = searcher.storedFields();
        for (int i = 0; i < out.length; i++) {
            String body = byField.get(IndexDocuments.BODY)[i];
            String name = byField.get(IndexDocuments.NAME)[i];
            out[i] = shorten(body != null ? body : name != null ? name
                    : stored.document(top.scoreDocs[i].doc).get(IndexDocuments.BODY));
        }
        return out;
    }

    /** A text as a snippet: whitespace flattened, at most 240 characters (the index stores chunks so). */
    static String shorten(String s) {
        if (s == null) return "";
        String flat = s.replaceAll("\\s+", " ").trim();
        return flat.length() <= SNIPPET_CHARS ? flat : flat.substring(0, SNIPPET_CHARS - 1) + "…";
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
