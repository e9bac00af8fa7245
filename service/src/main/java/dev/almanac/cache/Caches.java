package dev.almanac.cache;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where modules get their caches: {@code caches.lookup("project", Project.class)} gives a two-level
 * {@link CachedLookup} (Caffeine in process, then Redis when configured), keyed by tenant and key.
 *
 * <p>How instances stay coherent. A write evicts its key after its transaction ends: here, in Redis
 * (by a short-lived tombstone, so that a reader that loaded the old row before the commit cannot put it
 * back) and, through a pub/sub message, in every instance's first level. When that cannot be sent
 * (Redis slow or away) the eviction is kept and sent again as soon as Redis answers; past
 * {@value #MAX_PENDING} kept evictions we stop counting and instead bump the <em>epoch</em>: a number
 * in every Redis key, so that bumping it orphans every second-level entry at once (they expire by
 * TTL), and a message tells every instance to clear its first level. Meanwhile first levels stay
 * right as long as their subscription never dropped (see {@link RedisLink#subscribed()}); an instance
 * whose subscription dropped reads from the database and clears its first level once it is back.
 */
@Component
public class Caches {
    private static final Logger log = LoggerFactory.getLogger(Caches.class);
    static final String CHANNEL = "cache:invalidate";
    private static final String EPOCH = "cache:epoch";
    private static final String FLUSH = "*";

    private final CacheSettings settings;
    private final RedisLink redis;
    private final MeterRegistry meters;
    private final JsonMapper codec = JsonMapper.builder()
            // the API's annotations (raw JSON values, ignored accessors) are for the wire, not for us
            .disable(MapperFeature.USE_ANNOTATIONS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final Map<String, CachedLookup<?>> lookups = new ConcurrentHashMap<>();
    static final String TOMBSTONE = "\u0000evicted";
    static final int MAX_PENDING = 10_000;
    private final java.util.Set<Pending> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean pendingOverflow = new AtomicBoolean();
    private final CacheCounters total;
    private volatile long epoch;

    Caches(CacheSettings settings, RedisLink redis, MeterRegistry meters) {
        this.settings = settings;
        this.redis = redis;
        this.meters = meters;
        this.total = new CacheCounters(meters, "all");
        redis.subscribe(CHANNEL, this::onMessage);
        redis.onRecovered(this::recover);
        redis.onResubscribed(this::clearLocal);
    }

    /** The cache named {@code name} (one per kind of value); values must be records or simple types. */
    @SuppressWarnings("unchecked")
    public <V> CachedLookup<V> lookup(String name, Class<V> type) {
        if (name.contains(":")) throw new IllegalArgumentException("no ':' in cache names: " + name);
        return (CachedLookup<V>) lookups.computeIfAbsent(name, n -> new CachedLookup<>(n, type, this,
                new CacheCounters(meters, n)));
    }

    CacheSettings settings() {
        return settings;
    }

    RedisLink redis() {
        return redis;
    }

    JsonMapper codec() {
        return codec;
    }

    CacheCounters total() {
        return total;
    }

    String remoteKey(String name, String tenantId, String key) {
        return redis.key("cache:" + epoch + ":" + name + ":" + tenantId + ":" + key);
    }

    private record Pending(String name, String tenantId, String key) {}

    /**
     * Tombstones the key in Redis and tells every instance (this one included) to drop it; when Redis
     * fails or is away, keeps the eviction for the recovery to send.
     */
    void invalidateEverywhere(String name, String tenantId, String key) {
        while (true) {
            if (redis.available()) {
                try {
                    invalidateRemote(name, tenantId, key);
                    return;
                } catch (RedisLink.Unavailable e) {
                    // the link is unavailable now: keep it below
                }
            }
            // false: a recovery completed since we looked, and will not send it; send it ourselves
            if (redis.keepUnlessAvailable(() -> keep(name, tenantId, key))) return;
        }
    }

    /** Throws if Redis fails. */
    private void invalidateRemote(String name, String tenantId, String key) {
        String remoteKey = remoteKey(name, tenantId, key);
        redis.call(c -> c.set(remoteKey, TOMBSTONE, io.lettuce.core.SetArgs.Builder.px(settings.tombstone().toMillis())));
        redis.call(c -> c.publish(redis.key(CHANNEL), name + ":" + tenantId + ":" + key));
    }

    private void keep(String name, String tenantId, String key) {
        if (pending.size() >= MAX_PENDING) {
            pendingOverflow.set(true);
        } else {
            pending.add(new Pending(name, tenantId, key));
        }
    }

    private void onMessage(String message) {
        String[] parts = message.split(":", 3);
        if (parts[0].equals(FLUSH)) {
            epoch = Long.parseLong(parts[1]);
            lookups.values().forEach(CachedLookup::clearLocal);
            return;
        }
        CachedLookup<?> lookup = lookups.get(parts[0]);
        if (lookup != null && parts.length == 3) lookup.evictLocal(parts[1], parts[2]);
    }

    /**
     * Runs before Redis counts as available again: learn the epoch, then send the evictions we kept.
     * Nothing is kept while it runs (see {@link RedisLink#keepUnlessAvailable}).
     */
    private void recover() {
        if (pendingOverflow.getAndSet(false)) {
            try {
                long next = redis.call(c -> c.incr(redis.key(EPOCH)));
                epoch = next;
                redis.call(c -> c.publish(redis.key(CHANNEL), FLUSH + ":" + next));
                pending.clear();
                log.info("Too many cache evictions were kept while Redis was away: second-level epoch is now {}", next);
            } catch (RedisLink.Unavailable e) {
                pendingOverflow.set(true); // again at the next recovery
                throw e;
            }
        } else {
            String stored = redis.call(c -> c.get(redis.key(EPOCH)));
            epoch = stored == null ? 0 : Long.parseLong(stored);
        }
        for (Pending p : pending) {
            invalidateRemote(p.name(), p.tenantId(), p.key()); // a failure leaves the rest for the next recovery
            pending.remove(p);
        }
    }

    /** Drops every first-level entry of this instance (tests, operators). */
    public void clearLocal() {
        lookups.values().forEach(CachedLookup::clearLocal);
    }

    /** Per-name counters, and the hit ratio as a gauge: hits at either level over all reads. */
    static final class CacheCounters {
        final io.micrometer.core.instrument.Counter localHits;
        final io.micrometer.core.instrument.Counter remoteHits;
        final io.micrometer.core.instrument.Counter misses;
        final io.micrometer.core.instrument.Counter bypassed;

        CacheCounters(MeterRegistry meters, String name) {
            localHits = counter(meters, name, "hit", "local");
            remoteHits = counter(meters, name, "hit", "remote");
            misses = counter(meters, name, "miss", "database");
            bypassed = counter(meters, name, "bypass", "database");
            Gauge.builder("almanac.cache.hit.ratio", this, CacheCounters::hitRatio)
                    .description("Share of cache reads answered without the database (both levels), since start")
                    .tag("cache", name)
                    .register(meters);
        }

        private static io.micrometer.core.instrument.Counter counter(MeterRegistry meters, String name, String result,
                String level) {
            return io.micrometer.core.instrument.Counter.builder("almanac.cache.requests")
                    .description("Cache reads by outcome: hit (local or remote level), miss or bypass (Redis unavailable, read from the database)")
                    .tags("cache", name, "result", result, "level", level)
                    .register(meters);
        }

        double hitRatio() {
            double hits = localHits.count() + remoteHits.count();
            double all = hits + misses.count() + bypassed.count();
            return all == 0 ? 0 : hits / all;
        }
    }
}
