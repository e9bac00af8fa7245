package dev.almanac.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.SetArgs;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;

/**
 * One kind of cached value, by (tenant, key): {@link #get} reads through the first level (this
 * process), the second (Redis) and finally the loader; {@link #evict} after a write. A loader may
 * return null ("not there"): that is cached too.
 *
 * <p>Why the first level cannot hand out a value loaded before a write committed: eviction happens
 * after the transaction ends, and Caffeine's {@code invalidate} waits for a load of the same key that
 * is under way, so an old value being loaded is dropped as soon as it lands.
 */
public final class CachedLookup<V> {
    private record Key(String tenantId, String key) {}

    /** Lets "absent" be cached. */
    private record Held<V>(V value) {}

    private final String name;
    private final Class<V> type;
    private final Caches caches;
    private final Caches.CacheCounters counters;
    private final Cache<Key, Held<V>> local;
    /** Keys evicted in a transaction, forgotten everywhere when it has ended. */
    private final AfterTransaction<Key> evictions = AfterTransaction.afterCompletion(keys -> keys.forEach(this::propagate));

    CachedLookup(String name, Class<V> type, Caches caches, Caches.CacheCounters counters) {
        this.name = name;
        this.type = type;
        this.caches = caches;
        this.counters = counters;
        this.local = Caffeine.newBuilder()
                .maximumSize(caches.settings().localSize())
                .expireAfterWrite(caches.settings().localTtl())
                .build();
    }

    /** The cached value, or what {@code load} returns (null = there is none), cached. */
    public V get(String tenantId, String key, Supplier<V> load) {
        if (!caches.settings().enabled()) return load.get();
        RedisLink redis = caches.redis();
        long breaks = redis.subscriptionBreaks();
        if (redis.configured() && !redis.subscribed()) {
            // We may have missed evictions from other instances: neither level can be trusted.
            count(Outcome.BYPASS);
            return load.get();
        }
        Key k = new Key(tenantId, key);
        Held<V> held = local.getIfPresent(k);
        if (held != null) {
            count(Outcome.LOCAL_HIT);
            return held.value();
        }
        held = local.get(k, missing -> loadThroughRemote(missing, load, breaks));
        // The subscription dropped while we loaded: the value may predate an eviction we never heard of
        // (nor is it written to the second level, below).
        if (redis.configured() && (!redis.subscribed() || redis.subscriptionBreaks() != breaks)) local.invalidate(k);
        return held.value();
    }

    /** Forgets the key on every instance once the current transaction (if any) has ended. */
    public void evict(String tenantId, String key) {
        Key k = new Key(tenantId, key);
        local.invalidate(k);
        evictions.add(k);
    }

    private Held<V> loadThroughRemote(Key k, Supplier<V> load, long breaks) {
        RedisLink redis = caches.redis();
        if (!redis.configured() || !redis.available()) {
            count(Outcome.MISS);
            return new Held<>(load.get());
        }
        String remoteKey = caches.remoteKey(name, k.tenantId(), k.key());
        String stored;
        try {
            stored = redis.call(c -> c.get(remoteKey));
        } catch (RedisLink.Unavailable e) {
            count(Outcome.MISS);
            return new Held<>(load.get());
        }
        if (stored != null && !stored.equals(Caches.TOMBSTONE)) {
            try {
                V value = decode(stored);
                count(Outcome.REMOTE_HIT);
                return new Held<>(value);
            } catch (JacksonException e) {
                // written by another version of the record (a rolling upgrade): load and overwrite
                stored = null;
                try {
                    redis.call(c -> c.del(remoteKey));
                } catch (RedisLink.Unavailable down) {
                    // then it expires by itself
                }
            }
        }
        count(Outcome.MISS);
        V value = load.get();
        if (stored == null && redis.subscriptionBreaks() == breaks) {
            // NX: never over a tombstone or a value someone else just stored
            String encoded = encode(value);
            try {
                redis.call(c -> c.set(remoteKey, encoded,
                        SetArgs.Builder.nx().px(caches.settings().remoteTtl().toMillis())));
            } catch (RedisLink.Unavailable e) {
                // the value is still good for this read
            }
        }
        return new Held<>(value);
    }

    private void propagate(Key k) {
        local.invalidate(k);
        if (caches.redis().configured()) caches.invalidateEverywhere(name, k.tenantId(), k.key());
    }

    void evictLocal(String tenantId, String key) {
        local.invalidate(new Key(tenantId, key));
    }

    void clearLocal() {
        local.invalidateAll();
    }

    long localSize() {
        return local.estimatedSize();
    }

    private String encode(V value) {
        return value == null ? "null" : caches.codec().writeValueAsString(value);
    }

    private V decode(String stored) {
        return "null".equals(stored) ? null : caches.codec().readValue(stored, type);
    }

    private enum Outcome { LOCAL_HIT, REMOTE_HIT, MISS, BYPASS }

    private void count(Outcome outcome) {
        for (Caches.CacheCounters c : new Caches.CacheCounters[] {counters, caches.total()}) {
            switch (outcome) {
                case LOCAL_HIT -> c.localHits.increment();
                case REMOTE_HIT -> c.remoteHits.increment();
                case MISS -> c.misses.increment();
                case BYPASS -> c.bypassed.increment();
            }
        }
    }
}
