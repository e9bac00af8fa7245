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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The one connection to Redis (when {@code ALMANAC_REDIS_URL} is set), shared by the caches and the
 * rate limiter, and the judge of whether Redis can be trusted right now.
 *
 * <p>Why a judge: a cache that is told about writes through pub/sub is only correct while it hears
 * every message. So the link is {@link #available()} only while a PING answers within the short
 * timeout and the subscription is open; any failed command makes it unavailable at once. Callers then
 * skip Redis (and the caches bypass themselves) until a background check, once a second, sees Redis
 * answer again; it then runs the {@link #onRecovered} hooks before it declares Redis available, so
 * that the caches can drop whatever they might have missed. Lettuce reconnects by itself; commands
 * are rejected rather than queued while it is disconnected, so nothing waits on a dead server.
 */
@Component
public class RedisLink implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);

    private final RedisSettings settings;
    private final Map<String, Consumer<String>> subscriptions = new ConcurrentHashMap<>();
    private final List<Runnable> recoveryHooks = new CopyOnWriteArrayList<>();
    private RedisClient client;
    private ClientResources resources;
    private ScheduledExecutorService checker;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile StatefulRedisConnection<byte[], byte[]> binary;
    private volatile StatefulRedisPubSubConnection<String, String> pubsub;
    private volatile boolean available;
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

    /** Configured, connected, subscribed, and answering within the timeout at the last check. */
    public boolean available() {
        return available;
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

    /** Runs after Redis answers again following an outage (or on the first connection), before it counts as available. */
    public void onRecovered(Runnable hook) {
        recoveryHooks.add(hook);
    }

    /** Tells the link that Redis failed us (e.g. a library's command timed out). */
    public void markUnavailable(Throwable cause) {
        if (available) {
            available = false;
            log.warn("Redis unavailable, serving from the database until it answers again: {}", cause.toString());
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
            if (!pubsub.isOpen()) throw new IllegalStateException("the subscription connection is not open");
            if (!available) {
                recoveryHooks.forEach(Runnable::run);
                available = true;
                log.info("Redis at {} is available", RedisURI.create(settings.url()).toString());
            }
        } catch (RuntimeException e) {
            markUnavailable(e);
            log.debug("Redis check failed", e);
        }
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
            if (!subscriptions.isEmpty()) subscriber.sync().subscribe(subscriptions.keySet().toArray(String[]::new));
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
        Consumer<String> handler = subscriptions.get(channel);
        if (handler == null) return;
        try {
            handler.accept(message);
        } catch (RuntimeException e) {
            log.warn("Could not handle message on {}: {}", channel, e.toString());
        }
    }

    @Override
    public void stop() {
        running = false;
        available = false;
        if (checker != null) checker.shutdownNow();
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
