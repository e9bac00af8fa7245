package dev.almanac.definition;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The current stored version of each definition, per tenant, in process (Caffeine). Definitions are
 * read far more often than written, and a read that hits here costs no database round trip. Absence
 * is cached too: most lookups of registry or file definitions find nothing in the database first.
 *
 * <p>Why invalidate after commit and not at the write: a reader that misses between our write and
 * our commit loads the old row and would put it back. Invalidating after commit is safe because
 * Caffeine's {@code invalidate} waits for a load of the same key that is under way, and a load that
 * starts later reads the committed row.
 *
 * <p>Other instances: {@link #invalidate} and {@link #invalidateAll} are public so that a
 * cross-instance channel — a Redis pub/sub listener when ALMANAC_REDIS_URL is set, or an
 * {@code OutboxConsumer} following the {@code definition.*} events — can call them. Until one exists,
 * {@code almanac.definitions.cache-ttl} bounds how long another instance's write can go unseen.
 */
@Component
public class DefinitionCache {
    private record Key(String tenantId, String type, String name) {}

    /** Wraps the value so that "not in the database" can be cached too. */
    private record Entry(Definition definition) {}

    private final Cache<Key, Entry> cache;

    DefinitionCache(DefinitionSettings settings) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(settings.cacheSize())
                .expireAfterWrite(settings.cacheTtl())
                .build();
    }

    /** The cached stored definition, or what {@code load} returns (null = not stored), cached. */
    Definition get(String tenantId, String type, String name, Supplier<Definition> load) {
        return cache.get(new Key(tenantId, type, name), k -> new Entry(load.get())).definition();
    }

    public void invalidate(String tenantId, String type, String name) {
        cache.invalidate(new Key(tenantId, type, name));
    }

    public void invalidateAll() {
        cache.invalidateAll();
    }

    /** Invalidates now and again once the current transaction has finished, committed or not. */
    void invalidateAfterTransaction(String tenantId, String type, String name) {
        invalidate(tenantId, type, name);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    invalidate(tenantId, type, name);
                }
            });
        }
    }

    long size() {
        return cache.estimatedSize();
    }
}
