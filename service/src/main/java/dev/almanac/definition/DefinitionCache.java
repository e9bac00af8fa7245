package dev.almanac.definition;

import dev.almanac.cache.CachedLookup;
import dev.almanac.cache.Caches;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The current stored version of each definition, per tenant, in the two-level cache
 * ({@link Caches}): in process, then Redis when configured. Definitions are read far more often than
 * written, and a read that hits here costs no database round trip. Absence is cached too: most
 * lookups of registry or file definitions find nothing in the database first.
 *
 * <p>Writes evict after their transaction ends, on every instance (see {@link CachedLookup}): a
 * reader that misses between our write and our commit loads the old row, and evicting after commit
 * drops it.
 */
@Component
public class DefinitionCache {
    private final CachedLookup<Definition> cache;

    DefinitionCache(Caches caches) {
        this.cache = caches.lookup("definition", Definition.class);
    }

    /** The cached stored definition, or what {@code load} returns (null = not stored), cached. */
    Definition get(String tenantId, String type, String name, Supplier<Definition> load) {
        return cache.get(tenantId, type + ":" + name, load);
    }

    /** Forgets the definition on every instance once the current transaction has ended. */
    public void invalidate(String tenantId, String type, String name) {
        cache.evict(tenantId, type + ":" + name);
    }

    void invalidateAfterTransaction(String tenantId, String type, String name) {
        invalidate(tenantId, type, name);
    }
}
