package dev.almanac.generation;

import dev.almanac.generation.provider.ProviderChain;
import dev.almanac.generation.settings.AiSettings;
import dev.almanac.generation.settings.TenantAiSettings;
import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * A tenant's AI settings and this instance's providers, for other modules (the console): the same
 * reads and the same validated write as {@code GET/PUT /api/settings/ai}, in types of this
 * module's API rather than of its internal packages.
 */
@Service
public class AiAdministration {
    private final TenantAiSettings settings;
    private final ProviderChain chain;

    AiAdministration(TenantAiSettings settings, ProviderChain chain) {
        this.settings = settings;
        this.chain = chain;
    }

    public record Category(String label, String description) {}

    /** {@code threshold}: the taxonomy's minimum score for a category; kept as it is when the console saves. */
    public record Settings(boolean enabled, List<String> chain, List<Category> categories, double threshold, int inputBudgetChars) {}

    /** One provider on this instance: whether it is configured (else why not), its model, circuit and last failure. */
    public record Provider(String name, boolean configured, String reason, String model, String circuit, String lastError,
            String lastErrorAt) {}

    public Settings settings(Caller caller) {
        return view(settings.read(caller));
    }

    /** Replaces the settings (admin; 400 with the field on invalid input), as the API's PUT does. */
    public Settings replace(Caller caller, Settings change) {
        var categories = change.categories() == null ? null
                : change.categories().stream().map(c -> new TenantAiSettings.CategoryBody(c.label(), c.description())).toList();
        // the page does not edit the tag vocabulary (the API does): keep the tenant's as it is
        var vocabulary = settings.read(caller).tagVocabulary();
        var keptVocabulary = vocabulary.isSet()
                ? new TenantAiSettings.TagVocabularyBody(vocabulary.terms().stream()
                        .map(t -> new TenantAiSettings.TermBody(t.term(), t.description())).toList(), vocabulary.allowFreeTags())
                : null;
        return view(settings.replace(caller, new TenantAiSettings.Change(change.enabled(), change.chain(),
                categories == null ? null : new TenantAiSettings.TaxonomyBody(categories, change.threshold()),
                change.inputBudgetChars(), keptVocabulary)));
    }

    public List<Provider> providers(Caller caller) {
        caller.require(Role.ADMIN);
        List<Provider> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : chain.status().entrySet()) {
            Map<String, Object> s = e.getValue();
            out.add(new Provider(e.getKey(), Boolean.TRUE.equals(s.get("configured")), text(s.get("reason")), text(s.get("model")),
                    text(s.get("circuit")), text(s.get("last_error")), text(s.get("last_error_at"))));
        }
        return out;
    }

    /** Names a chain may hold, in the order the settings page offers them. */
    public static List<String> providerNames() {
        return List.of("local", "openai", "gemini");
    }

    private static Settings view(AiSettings s) {
        return new Settings(s.enabled(), s.chain(),
                s.taxonomy().categories().stream().map(c -> new Category(c.label(), c.description())).toList(),
                s.taxonomy().threshold(), s.inputBudgetChars());
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }
}
