package dev.almanac.web;

/** A 429-style refusal that tells the client when to try again ({@code Retry-After}, in seconds). */
public class RetryLater extends ApiException {
    private final long retryAfterSeconds;

    public RetryLater(ErrorCode code, String detail, long retryAfterSeconds) {
        super(code, detail);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
