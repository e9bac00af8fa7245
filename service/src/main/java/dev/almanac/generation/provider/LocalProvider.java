package dev.almanac.generation.provider;

import dev.almanac.generation.local.LocalMetadataGenerator;
import dev.almanac.generation.local.Taxonomy;

/** The in-process model: no key, no network, no bill. */
final class LocalProvider implements MetadataProvider {
    static final String NAME = "local";

    private final LocalMetadataGenerator generator;

    LocalProvider(LocalMetadataGenerator generator) {
        this.generator = generator;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String model() {
        return "all-MiniLM-L6-v2-q"; // what LocalEmbeddings reports
    }

    @Override
    public String promptVersion() {
        return "local-v2";
    }

    @Override
    public boolean remote() {
        return false;
    }

    @Override
    public ProviderAnswer generate(String text, Taxonomy taxonomy) {
        return new ProviderAnswer(generator.generate(text, taxonomy), 0, 0);
    }

    @Override
    public ProviderAnswer generate(String text, Taxonomy taxonomy, dev.almanac.generation.local.Guidance guidance) {
        return new ProviderAnswer(generator.generate(text, taxonomy, guidance), 0, 0);
    }
}
