package dev.almanac.generation.settings;

import dev.almanac.audit.OperationLog;
import dev.almanac.generation.GenerationSettings;
import dev.almanac.generation.local.TagVocabulary;
import dev.almanac.generation.local.Taxonomy;
import dev.almanac.generation.provider.ProviderChain;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Reads and replaces tenants' AI settings (table {@code tenant_ai_settings}; no row = defaults). */
@Service
public class TenantAiSettings {
    static final int MAX_CHAIN = 3;
    static final int MAX_CATEGORIES = 50;
    static final int MAX_LABEL = 64;
    static final int MAX_DESCRIPTION = 500;
    static final int MAX_TERMS = 500;
    static final int MAX_TERM = 64;
    static final int MAX_TERM_DESCRIPTION = 300;
    static final int MIN_BUDGET = 200;
    static final int MAX_BUDGET = 100_000;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate tx;
    private final OperationLog operations;
    private final AiSettings defaults;

    TenantAiSettings(JdbcClient jdbc, JsonMapper json, TransactionTemplate tx, OperationLog operations,
            GenerationSettings settings) {
        this.jdbc = jdbc;
        this.json = json;
        this.tx = tx;
        this.operations = operations;
        AiSettings d = AiSettings.defaults();
        this.defaults = new AiSettings(d.enabled(), d.chain(), d.taxonomy(), settings.contentBudgetChars());
    }

    /** A PUT body; absent fields take their defaults (PUT replaces the whole settings). */
    public record Change(Boolean enabled, List<String> chain, TaxonomyBody taxonomy, Integer inputBudgetChars,
            TagVocabularyBody tagVocabulary) {}

    /** {@code terms}: the tags generation may give; {@code allow_free_tags}: keyphrases of the text too (default false). */
    public record TagVocabularyBody(List<TermBody> terms, Boolean allowFreeTags) {}

    public record TermBody(String term, String description) {}

    public record TaxonomyBody(List<CategoryBody> categories, Double threshold) {}

    public record CategoryBody(String label, String description) {}

    public AiSettings of(String tenantId) {
        return jdbc.sql("SELECT enabled, chain::text AS chain, taxonomy::text AS taxonomy, input_budget_chars, "
                        + "tag_vocabulary::text AS tag_vocabulary FROM tenant_ai_settings WHERE tenant_id = ?")
                .param(tenantId)
                .query((rs, row) -> new AiSettings(rs.getBoolean("enabled"),
                        List.of(json.readValue(rs.getString("chain"), String[].class)),
                        rs.getString("taxonomy") == null ? Taxonomy.defaults() : json.readValue(rs.getString("taxonomy"), Taxonomy.class),
                        rs.getInt("input_budget_chars"),
                        rs.getString("tag_vocabulary") == null ? TagVocabulary.NONE
                                : json.readValue(rs.getString("tag_vocabulary"), TagVocabulary.class)))
                .optional()
                .orElse(defaults);
    }

    public AiSettings read(Caller caller) {
        caller.require(Role.ADMIN);
        return of(caller.tenantId());
    }

    public AiSettings replace(Caller caller, Change change) {
        caller.require(Role.ADMIN);
        AiSettings settings = validate(change, defaults);
        tx.executeWithoutResult(status -> {
            jdbc.sql("""
                            INSERT INTO tenant_ai_settings (tenant_id, enabled, chain, taxonomy, input_budget_chars,
                                tag_vocabulary, updated_by, updated_at)
                            VALUES (?, ?, ?::jsonb, ?::jsonb, ?, ?::jsonb, ?, now())
                            ON CONFLICT (tenant_id) DO UPDATE SET enabled = excluded.enabled, chain = excluded.chain,
                                taxonomy = excluded.taxonomy, input_budget_chars = excluded.input_budget_chars,
                                tag_vocabulary = excluded.tag_vocabulary,
                                updated_by = excluded.updated_by, updated_at = now()""")
                    .params(caller.tenantId(), settings.enabled(), json.writeValueAsString(settings.chain()),
                            json.writeValueAsString(settings.taxonomy()), settings.inputBudgetChars(),
                            settings.tagVocabulary().isSet() ? json.writeValueAsString(settings.tagVocabulary()) : null,
                            caller.actor())
                    .update();
            operations.success(caller, "update_ai_settings", "ai_settings", caller.tenantId(), null,
                    Map.of("enabled", settings.enabled(), "chain", settings.chain()));
        });
        return settings;
    }

    static AiSettings validate(Change change, AiSettings defaults) {
        if (change == null) throw ApiException.badRequest("A JSON object with the AI settings is required");
        List<String> chain = change.chain() == null ? defaults.chain() : change.chain();
        if (chain.isEmpty() || chain.size() > MAX_CHAIN) {
            throw ApiException.invalidField("chain", "1 to " + MAX_CHAIN + " provider names");
        }
        if (new HashSet<>(chain).size() != chain.size()) throw ApiException.invalidField("chain", "a provider appears twice");
        for (String name : chain) {
            if (name == null || !ProviderChain.known(name)) {
                throw ApiException.invalidField("chain", "unknown provider '" + name + "' (known: openai, gemini, local)");
            }
        }
        int budget = change.inputBudgetChars() == null ? defaults.inputBudgetChars() : change.inputBudgetChars();
        if (budget < MIN_BUDGET || budget > MAX_BUDGET) {
            throw ApiException.invalidField("input_budget_chars", "between " + MIN_BUDGET + " and " + MAX_BUDGET);
        }
        Taxonomy taxonomy = change.taxonomy() == null ? defaults.taxonomy() : taxonomy(change.taxonomy());
        TagVocabulary vocabulary = change.tagVocabulary() == null ? TagVocabulary.NONE : vocabulary(change.tagVocabulary());
        return new AiSettings(change.enabled() == null || change.enabled(), chain, taxonomy, budget, vocabulary);
    }

    private static TagVocabulary vocabulary(TagVocabularyBody body) {
        if (body.terms() == null || body.terms().isEmpty() || body.terms().size() > MAX_TERMS) {
            throw ApiException.invalidField("tag_vocabulary.terms", "1 to " + MAX_TERMS + " terms");
        }
        List<TagVocabulary.Term> terms = new ArrayList<>();
        for (TermBody t : body.terms()) {
            if (t == null || t.term() == null || t.term().isBlank() || t.term().strip().length() > MAX_TERM) {
                throw ApiException.invalidField("tag_vocabulary.terms.term", "a term of 1 to " + MAX_TERM + " characters");
            }
            if (t.term().chars().anyMatch(Character::isISOControl)) {
                throw ApiException.invalidField("tag_vocabulary.terms.term", "no control characters");
            }
            if (t.description() != null && t.description().length() > MAX_TERM_DESCRIPTION) {
                throw ApiException.invalidField("tag_vocabulary.terms.description",
                        "at most " + MAX_TERM_DESCRIPTION + " characters");
            }
            terms.add(new TagVocabulary.Term(t.term(), t.description()));
        }
        try {
            return new TagVocabulary(terms, Boolean.TRUE.equals(body.allowFreeTags()));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("tag_vocabulary.terms", e.getMessage());
        }
    }

    private static Taxonomy taxonomy(TaxonomyBody body) {
        if (body.categories() == null || body.categories().isEmpty() || body.categories().size() > MAX_CATEGORIES) {
            throw ApiException.invalidField("taxonomy.categories", "1 to " + MAX_CATEGORIES + " categories");
        }
        List<Taxonomy.Category> categories = new ArrayList<>();
        for (CategoryBody c : body.categories()) {
            if (c == null || c.label() == null || c.label().isBlank() || c.label().strip().length() > MAX_LABEL) {
                throw ApiException.invalidField("taxonomy.categories.label", "a label of 1 to " + MAX_LABEL + " characters");
            }
            if (c.description() != null && c.description().length() > MAX_DESCRIPTION) {
                throw ApiException.invalidField("taxonomy.categories.description", "at most " + MAX_DESCRIPTION + " characters");
            }
            if (c.label().chars().anyMatch(Character::isISOControl)) {
                throw ApiException.invalidField("taxonomy.categories.label", "no control characters");
            }
            categories.add(new Taxonomy.Category(c.label(), c.description()));
        }
        double threshold = body.threshold() == null ? Taxonomy.DEFAULT_THRESHOLD : body.threshold();
        try {
            return new Taxonomy(categories, threshold);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("taxonomy", e.getMessage());
        }
    }
}
