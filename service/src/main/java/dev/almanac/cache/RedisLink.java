package dev.almanac.cache;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The one connection to Redis (when {@code ALMANAC_REDIS_URL} is set), shared by the caches and the
 * rate limiter, and the judge of what can be trusted right now. Two separate questions:
 *
 * <ul>
 * <li>{@link #available()}: do commands answer within the short timeout? A failed or slow command
 *     makes it false at once; callers then skip Redis (second-level cache, shared buckets) and use
 *     the database or a local bucket, until a background check (50 ms after the failure, then once
 *     a second) sees a PING answer.
 * <li>{@link #subscribed()}: has the subscription been connected without a break since the caches
 *     were last cleared? Redis delivers every message of a channel, in order, to a connected
 *     subscriber, so a first-level cache is right exactly as long as its subscription never dropped.
 *     A slow command does not break it (under CPU pressure commands time out while the subscription
 *     carries on); a lost connection does, and then first levels must not be read until the
 *     subscription is back and the {@link #onResubscribed} hooks have cleared them.
 * </ul>
 * Lettuce reconnects by itself; commands are rejected rather than queued while it is disconnected, so
 * nothing waits on a dead server.
 */
@Component
public class RedisLink implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
    private static final String PING_CHANNEL = "link:ping";
    /** How long after a failure the next check runs (see {@link #checkSoon}). */
    private static final Duration SOON = Duration.ofMillis(50);

    private final RedisSettings settings;
    private final Map<String, Consumer<String>> subscriptions = new ConcurrentHashMap<>();
    private final List<Runnable> recoveryHooks = new CopyOnWriteArrayList<>();
    private final List<Runnable> resubscribeHooks = new CopyOnWriteArrayList<>();
    private final ExecutorService messages =
            Executors.newSingleThreadExecutor(Thread.ofPlatform().name("redis-messages").daemon().factory());
    private RedisClient client;
    private ClientResources resources;
    private volatile ScheduledExecutorService checker;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile StatefulRedisConnection<byte[], byte[]> binary;
    private volatile StatefulRedisPubSubConnection<String, String> pubsub;
    private volatile boolean available;
    private final AtomicLong outages = new AtomicLong();
    /** Held by a recovery from its first hook until Redis counts as available, and by {@link #keepUnlessAvailable}. */
    private final Object recovery = new Object();
    private final AtomicBoolean checkQueued = new AtomicBoolean();
    private volatile boolean subscribed;
    private volatile long subscriptionBreaks;
    private volatile String expectedPing;
    private volatile boolean pingSeen;
    private volatile boolean running;

    RedisLink(RedisSettings settings) {
        this.settings = settings;
    }

    /** Thrown by {@link #call} when Redis did not answer; the link is unavailable from then on. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    public boolean configured() {
        return settings.configured();
    }

    /** Configured, connected, and answering commands within the timeout. */
    public boolean available() {
        return available;
    }

    /** Subscribed without a break since the {@link #onResubscribed} hooks last ran: no message was missed. */
    public boolean subscribed() {
        return subscribed;
    }

    /**
     * Changes each time the subscription drops. A reader that sees it change while it loads may have
     * loaded a value whose eviction was missed during the break, even if {@link #subscribed()} is true
     * again by the time it finishes.
     */
    public long subscriptionBreaks() {
        return subscriptionBreaks;
    }

    /** A key or channel name in this deployment's namespace. */
    public String key(String suffix) {
        return settings.prefix() + suffix;
    }

    /** Runs one command; any failure marks Redis unavailable and is thrown as {@link Unavailable}. */
    public <T> T call(Function<RedisCommands<String, String>, T> command) {
        StatefulRedisConnection<String, String> c = connection;
        if (c == null) throw new Unavailable("Redis is not connected", null);
        try {
            return command.apply(c.sync());
        } catch (RuntimeException e) {
            markUnavailable(e);
            throw new Unavailable("Redis failed: " + e.getMessage(), e);
        }
    }

    /** A byte[] connection for libraries that want one (Bucket4j); null while not connected. */
    public StatefulRedisConnection<byte[], byte[]> binaryConnection() {
        return binary;
    }

    /** Registers a handler for messages on {@code key(channel)}; call before the link starts. */
    public void subscribe(String channel, Consumer<String> handler) {
        subscriptions.put(key(channel), handler);
    }

    /** Runs when commands answer again after failing (and on the first connection), before it counts as available. */
    public void onRecovered(Runnable hook) {
        recoveryHooks.add(hook);
    }

    /** Runs when the subscription is up again after a break (and on the first connection), before it counts as subscribed. */
    public void onResubscribed(Runnable hook) {
        resubscribeHooks.add(hook);
    }

    /** How many times Redis went from available to unavailable since start. */
    public long outages() {
        return outages.get();
    }

    /** Tells the link that Redis failed us (e.g. a library's command timed out). */
    public void markUnavailable(Throwable cause) {
        if (available) {
            available = false;
            outages.incrementAndGet();
            log.warn("Redis unavailable, serving from the database until it answers again: {}", cause.toString());
            checkSoon();
        }
    }

    /**
     * For work that must reach Redis (an eviction): when Redis is not available, runs {@code keep}, which
     * stores the work where an {@link #onRecovered} hook will send it, and returns true; when it is
     * available (again), runs nothing and returns false, and the caller sends the work itself.
     *
     * <p>Why under the recovery's lock: a recovery sends what was kept and then declares Redis
     * available. Work kept between those two steps would be sent by nobody until the next outage,
     * while other instances keep serving what it should have evicted.
     */
    public boolean keepUnlessAvailable(Runnable keep) {
        synchronized (recovery) {
            if (available) return false;
            keep.run();
        }
        checkSoon();
        return true;
    }

    /**
     * A check in a moment rather than at the next interval: kept work waits for it, and most failures
     * last a moment (a command that timed out on a busy machine). One at a time, so that a stream of
     * writes during an outage does not turn into a stream of checks.
     */
    private void checkSoon() {
        ScheduledExecutorService c = checker;
        if (c == null || !checkQueued.compareAndSet(false, true)) return;
        try {
            c.schedule(() -> {
                checkQueued.set(false);
                check();
            }, SOON.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            checkQueued.set(false);
        }
    }

    @Override
    public void start() {
        running = true;
        if (!configured()) return;
        resources = ClientResources.builder()
                // why constant and short: the default backs off to 30 s, far longer than our outages
                .reconnectDelay(Delay.constant(Duration.ofMillis(500)))
                .build();
        RedisURI uri = RedisURI.create(settings.url());
        uri.setTimeout(settings.timeout());
        client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.timeout().multipliedBy(4)).build())
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (handler == pubsub && subscribed) {
                    subscriptionBreaks++; // only this listener writes it
                    subscribed = false;
                    pingSeen = false;
                    log.warn("Redis subscription lost: first-level caches are bypassed until it is back");
                }
                markUnavailable(new IllegalStateException("connection lost"));
            }
        });
        checker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("redis-check").daemon().factory());
        check(); // connect now, so that a healthy Redis is in use from the first request
        long every = settings.checkInterval().toMillis();
        checker.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            if (connection == null) connect();
            connection.sync().ping();
            if (!available) {
                recover();
                log.info("Redis at {} is available", RedisURI.create(settings.url()).toString());
            }
            if (!subscribed && pubsub.isOpen() && pingReturned()) {
                resubscribeHooks.forEach(Runnable::run);
                subscribed = true;
                log.info("Redis subscription is up");
            }
        } catch (RuntimeException e) {
            markUnavailable(e);
            log.debug("Redis check failed", e);
        }
    }

    /** Runs the recovery hooks, then counts Redis as available; a hook that throws leaves it unavailable. */
    private void recover() {
        synchronized (recovery) {
            recoveryHooks.forEach(Runnable::run);
            available = true;
        }
    }

    /**
     * Whether a message we publish comes back through the subscription: proof that the subscription
     * is really in place again (a reopened connection re-subscribes asynchronously).
     */
    private boolean pingReturned() {
        pingSeen = false;
        String nonce = java.util.UUID.randomUUID().toString();
        expectedPing = nonce;
        connection.sync().publish(key(PING_CHANNEL), nonce);
        long deadline = System.nanoTime() + settings.timeout().toNanos() * 2;
        while (!pingSeen && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return pingSeen;
    }

    private void connect() {
        StatefulRedisPubSubConnection<String, String> subscriber = null;
        StatefulRedisConnection<byte[], byte[]> bytes = null;
        try {
            subscriber = client.connectPubSub();
            subscriber.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    dispatch(channel, message);
                }
            });
            List<String> channels = new java.util.ArrayList<>(subscriptions.keySet());
            channels.add(key(PING_CHANNEL));
            subscriber.sync().subscribe(channels.toArray(String[]::new));
            bytes = client.connect(ByteArrayCodec.INSTANCE);
            StatefulRedisConnection<String, String> commands = client.connect();
            pubsub = subscriber;
            binary = bytes;
            connection = commands; // last: its presence means "all three are there"
        } catch (RuntimeException e) {
            if (subscriber != null) subscriber.close();
            if (bytes != null) bytes.close();
            throw e;
        }
    }

    private void dispatch(String channel, String message) {
        if (channel.equals(key(PING_CHANNEL))) {
            if (message.equals(expectedPing)) pingSeen = true;
            return;
        }
        Consumer<String> handler = subscriptions.get(channel);
        if (handler == null) return;
        try {
            // Not on this thread: it is a Netty event loop that may also read the replies of our commands,
            // and a handler may wait (evicting a key waits for a load of it under way, and that load waits
            // for a reply): it would wait out the command timeout. One thread keeps the messages in order.
            messages.execute(() -> {
                try {
                    handler.accept(message);
                } catch (RuntimeException e) {
                    log.warn("Could not handle message on {}: {}", channel, e.toString());
                }
            });
        } catch (RejectedExecutionException stopping) {
            // the link is stopping
        }
    }

    @Override
    public void stop() {
        running = false;
        available = false;
        subscribed = false;
        if (checker != null) checker.shutdownNow();
        messages.shutdownNow();
        for (var c : new io.lettuce.core.api.StatefulConnection<?, ?>[] {connection, binary, pubsub}) {
            if (c != null) c.close();
        }
        if (client != null) client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        if (resources != null) resources.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // start early and stop late: the web server and the workers use Redis
        return Integer.MIN_VALUE + 100;
    }
}
