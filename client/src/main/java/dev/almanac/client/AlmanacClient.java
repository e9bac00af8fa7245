package dev.almanac.client;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Almanac's HTTP API for Java programs. Thread-safe; build one per service and key and share it.
 *
 * <pre>{@code
 * AlmanacClient almanac = AlmanacClient.builder("http://localhost:8080", System.getenv("ALMANAC_KEY"))
 *         .requestTimeout(Duration.ofSeconds(10)).build();
 * Project p = almanac.projects().create("ledger", "Ledger", "The general ledger");
 * almanac.metadata().update("ledger", "owners", current -> ...);
 * }</pre>
 *
 * Failures are {@link AlmanacException}s typed by status. Calls safe to repeat (GET, PUT, DELETE) are
 * retried on 429 and 503 with exponential backoff; others (POST, PATCH) never are. Every request
 * carries an {@code X-Request-ID} ({@link #lastRequestId()}, and on every exception).
 */
public final class AlmanacClient {
    private final Http http;
    private final Projects projects;
    private final Metadata metadata;
    private final Definitions definitions;
    private final Search search;
    private final Generation generation;
    private final Jobs jobs;
    private final Transfer transfer;
    private final Files files;
    private final Operations operations;
    private final Admin admin;

    private AlmanacClient(Builder b) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(b.connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.http = new Http(client, b.baseUrl, b.apiKey, b.requestTimeout, b.maxRetries, b.initialBackoff, b.maxBackoff);
        http.pageSize(b.pageSize);
        this.projects = new Projects(http);
        this.metadata = new Metadata(http);
        this.definitions = new Definitions(http, b.definitionsDirectory);
        this.search = new Search(http);
        this.jobs = new Jobs(http);
        this.generation = new Generation(http, jobs);
        this.transfer = new Transfer(http, b.requestTimeout);
        this.files = new Files(http, b.requestTimeout);
        this.operations = new Operations(http);
        this.admin = new Admin(http);
    }

    public static Builder builder(String baseUrl, String apiKey) {
        return new Builder(baseUrl, apiKey);
    }

    public Projects projects() {
        return projects;
    }

    /** Project metadata, and the review of AI suggestions. */
    public Metadata metadata() {
        return metadata;
    }

    public Definitions definitions() {
        return definitions;
    }

    public Search search() {
        return search;
    }

    public Generation generation() {
        return generation;
    }

    public Jobs jobs() {
        return jobs;
    }

    /** Bulk import and export of projects with their metadata. */
    public Transfer transfer() {
        return transfer;
    }

    /** A project's files: streamed uploads, downloads checked against their SHA-256. */
    public Files files() {
        return files;
    }

    /** The operations log of the key's tenant. */
    public Operations operations() {
        return operations;
    }

    /** API keys, AI settings and webhooks: calls for an admin key (or the system key). */
    public Admin admin() {
        return admin;
    }

    /** The {@code X-Request-ID} of this thread's last call (what the service logged it under). */
    public String lastRequestId() {
        return http.lastRequestId();
    }

    public static final class Builder {
        private final String baseUrl;
        private final String apiKey;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxRetries = 3;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private Path definitionsDirectory;
        private int pageSize = 200;

        private Builder(String baseUrl, String apiKey) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = Objects.requireNonNull(value);
            return this;
        }

        /** How long one request may take, answer included (imports and exports: per call too). */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = Objects.requireNonNull(value);
            return this;
        }

        /** Retries of an idempotent call on 429 / 503 / no answer (default 3; 0 = none). */
        public Builder maxRetries(int value) {
            if (value < 0) throw new IllegalArgumentException("maxRetries must be >= 0");
            this.maxRetries = value;
            return this;
        }

        /** First backoff (doubling per retry, with jitter) and its cap, which also caps a Retry-After. */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = Objects.requireNonNull(initial);
            this.maxBackoff = Objects.requireNonNull(max);
            return this;
        }

        /**
         * Where {@link Definitions#load} looks when the service has no such definition:
         * {@code <dir>/<type>/<name>.json}.
         */
        public Builder definitionsDirectory(Path dir) {
            this.definitionsDirectory = dir;
            return this;
        }

        /** How many items a list stream fetches per request (1-500, default 200). */
        public Builder pageSize(int value) {
            if (value < 1 || value > 500) throw new IllegalArgumentException("pageSize must be 1-500");
            this.pageSize = value;
            return this;
        }

        public AlmanacClient build() {
            return new AlmanacClient(this);
        }
    }
}
