package dev.almanac.generation.provider;

import java.util.List;

/**
 * Last line of defence for API keys: every provider failure message passes through here before it
 * reaches a log, a job record or the health endpoint. Messages are our own text already; this makes
 * sure that a key never shows up even if one ever slipped into one.
 */
final class SecretRedactor {
    private final List<String> secrets;

    SecretRedactor(List<String> secrets) {
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 4).toList();
    }

    String redact(String message) {
        if (message == null) return null;
        String out = message;
        for (String secret : secrets) out = out.replace(secret, "***");
        return out;
    }
}
