package dev.almanac.console;

import dev.almanac.generation.AiAdministration;
import dev.almanac.limits.AiBudget;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The tenant's AI (admins): settings (on/off, provider chain, taxonomy, input budget) written
 * through the same service as {@code PUT /api/settings/ai}, this instance's providers with their
 * circuits, and today's use of the AI budget.
 */
@Controller
class AiPages {
    private final AiAdministration ai;
    private final AiBudget budget;

    AiPages(AiAdministration ai, AiBudget budget) {
        this.ai = ai;
        this.budget = budget;
    }

    @GetMapping("/admin/ai")
    String page(Caller caller, Model model) {
        return render(caller, ai.settings(caller), model);
    }

    /**
     * Categories come as rows of {@code label}/{@code description} (read as arrays, never split at
     * commas); a row whose index is in {@code remove}, or that is blank, is left out. An invalid
     * form is shown again, as sent, with the service's message.
     */
    @PostMapping("/admin/ai")
    String save(Caller caller, HttpServletRequest request, Model model) {
        AiAdministration.Settings current = ai.settings(caller); // admin only, like the write
        String[] labels = values(request, "label");
        String[] descriptions = values(request, "description");
        Set<String> removed = Set.of(values(request, "remove"));
        List<AiAdministration.Category> categories = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            String description = i < descriptions.length ? descriptions[i] : "";
            if (removed.contains(Integer.toString(i)) || (labels[i].isBlank() && description.isBlank())) continue;
            categories.add(new AiAdministration.Category(labels[i], description));
        }
        List<String> chain = new ArrayList<>();
        for (String name : values(request, "chain")) {
            if (!name.isBlank()) chain.add(name.strip());
        }
        Integer inputBudget = null;
        String budgetText = request.getParameter("input_budget_chars");
        try {
            inputBudget = budgetText == null || budgetText.isBlank() ? null : Integer.valueOf(budgetText.strip());
        } catch (NumberFormatException e) {
            inputBudget = -1; // refused below with the service's own message
        }
        var sent = new AiAdministration.Settings(request.getParameter("enabled") != null, chain, categories, current.threshold(),
                inputBudget == null ? current.inputBudgetChars() : inputBudget);
        try {
            ai.replace(caller, sent);
        } catch (ApiException e) {
            if (e.code().status() != HttpStatus.BAD_REQUEST) throw e;
            model.addAttribute("invalid", e.getMessage());
            return render(caller, sent, model);
        }
        return "redirect:/admin/ai?saved";
    }

    private String render(Caller caller, AiAdministration.Settings settings, Model model) {
        model.addAttribute("settings", settings);
        model.addAttribute("providerNames", AiAdministration.providerNames());
        model.addAttribute("providers", ai.providers(caller));
        model.addAttribute("budget", budget.usage(caller.tenantId()));
        return "console/ai";
    }

    private static String[] values(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        return values == null ? new String[0] : values;
    }
}
