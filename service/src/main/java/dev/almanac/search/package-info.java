/**
 * Search by meaning and by words: chunk embeddings in PostgreSQL, an in-process Lucene index per
 * instance (HNSW + BM25) fed from the outbox, semantic, keyword and hybrid queries.
 */
@ApplicationModule(allowedDependencies = {"audit", "background", "config", "embedding", "meta", "outbox", "project", "web"})
@OwnsTables({"project_embeddings"})
package dev.almanac.search;

import dev.almanac.OwnsTables;
import org.springframework.modulith.ApplicationModule;
