package dev.almanac.generation.settings;

import dev.almanac.audit.Audited;
import dev.almanac.generation.provider.ProviderChain;
import dev.almanac.web.Caller;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET/PUT /api/settings/ai} (admin): the caller's tenant's AI settings, and what each provider can do here. */
@RestController
class AiSettingsController {
    private final TenantAiSettings settings;
    private final ProviderChain chain;

    AiSettingsController(TenantAiSettings settings, ProviderChain chain) {
        this.settings = settings;
        this.chain = chain;
    }

    @GetMapping("/api/settings/ai")
    Map<String, Object> get(Caller caller) {
        return view(settings.read(caller));
    }

    @PutMapping("/api/settings/ai")
    @Audited(operation = "update_ai_settings", resourceType = "ai_settings")
    Map<String, Object> put(Caller caller, @RequestBody TenantAiSettings.Change change) {
        return view(settings.replace(caller, change));
    }

    private Map<String, Object> view(AiSettings s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enabled", s.enabled());
        out.put("chain", s.chain());
        out.put("taxonomy", s.taxonomy());
        out.put("input_budget_chars", s.inputBudgetChars());
        out.put("tag_vocabulary", s.tagVocabulary().isSet() ? s.tagVocabulary() : null);
        out.put("providers", chain.status());
        return out;
    }
}
