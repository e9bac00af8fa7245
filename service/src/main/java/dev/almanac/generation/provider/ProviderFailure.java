package dev.almanac.generation.provider;

import java.time.Duration;

/**
 * Why one provider gave no usable answer. Messages are written by us, never copied from a response
 * body or a library exception, so they cannot carry an API key or a hostile answer into job records
 * and logs.
 */
public final class ProviderFailure extends RuntimeException {

    /** What went wrong, and whether trying the same provider again may help. */
    public enum Kind {
        RATE_LIMITED(true, true),
        UNAVAILABLE(true, true),
        TIMEOUT(true, true),
        CONNECTION(true, true),
        REJECTED(false, true),
        MALFORMED(false, true),
        INVALID_ANSWER(false, true),
        /** Skipped without a call: these say nothing about the provider's health. */
        NOT_CONFIGURED(false, false),
        CIRCUIT_OPEN(false, false),
        THROTTLED(false, false),
        OUT_OF_TIME(false, false);

        private final boolean retryable;
        private final boolean countsAgainstProvider;

        Kind(boolean retryable, boolean countsAgainstProvider) {
            this.retryable = retryable;
            this.countsAgainstProvider = countsAgainstProvider;
        }

        public boolean retryable() {
            return retryable;
        }

        public boolean countsAgainstProvider() {
            return countsAgainstProvider;
        }
    }

    private final Kind kind;
    private final Duration retryAfter;

    public ProviderFailure(Kind kind, String message) {
        this(kind, message, null);
    }

    public ProviderFailure(Kind kind, String message, Duration retryAfter) {
        super(message, null, false, false); // expected outcomes: no stack trace, no cause to leak
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** The server's Retry-After, or null when it sent none. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The failure this exception stands for, wherever it sits in a library's cause chain. */
    static ProviderFailure find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ProviderFailure f) return f;
            if (c.getCause() == c) break;
        }
        return null;
    }
}
