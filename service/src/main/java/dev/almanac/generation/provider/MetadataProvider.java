package dev.almanac.generation.provider;

import dev.almanac.generation.local.Taxonomy;

/** One way to turn a document into a summary, tags and a category: the local model or a chat API. */
interface MetadataProvider {

    String name();

    String model();

    String promptVersion();

    /** True when a call costs money or quota, so it is rate limited, guarded and cached. */
    boolean remote();

    /** @throws ProviderFailure when no usable answer came back */
    ProviderAnswer generate(String text, Taxonomy taxonomy);

    /** With what the tenant's people taught; a provider that cannot learn ignores it. */
    default ProviderAnswer generate(String text, Taxonomy taxonomy, dev.almanac.generation.local.Guidance guidance) {
        return generate(text, taxonomy);
    }
}
