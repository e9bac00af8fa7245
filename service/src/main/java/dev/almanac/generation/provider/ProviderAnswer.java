package dev.almanac.generation.provider;

import dev.almanac.generation.local.GeneratedMetadata;

/** A validated answer and what it used, for the ledger. */
record ProviderAnswer(GeneratedMetadata metadata, int inputTokens, int outputTokens) {
    int tokens() {
        return inputTokens + outputTokens;
    }
}
