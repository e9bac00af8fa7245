package dev.almanac.console;

import dev.almanac.tenancy.Administration;
import dev.almanac.tenancy.ApiKeys;
import dev.almanac.web.Caller;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The tenant's API keys (admins): list, create (the secret is shown once, on that response only), revoke. */
@Controller
class AdminPages {
    private final Administration administration;

    AdminPages(Administration administration) {
        this.administration = administration;
    }

    @GetMapping("/admin/keys")
    String keys(Caller caller, Model model) {
        model.addAttribute("keys", administration.listKeys(caller, caller.tenantId(), 200, null).items());
        return "console/keys";
    }

    @PostMapping("/admin/keys")
    String create(Caller caller, @RequestParam String name, @RequestParam String role, Model model) {
        ApiKeys.IssuedKey issued = administration.createKey(caller, caller.tenantId(), name, role);
        model.addAttribute("issued", issued);
        return keys(caller, model);
    }

    @PostMapping("/admin/keys/{keyId}/revoke")
    String revoke(Caller caller, @PathVariable String keyId) {
        administration.revokeKey(caller, caller.tenantId(), keyId);
        return "redirect:/admin/keys";
    }
}
