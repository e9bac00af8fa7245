package dev.almanac.console;

import static dev.almanac.console.ProjectPages.blankToNull;
import static dev.almanac.console.ProjectPages.enc;

import dev.almanac.search.IndexStatus;
import dev.almanac.tenancy.Administration;
import dev.almanac.web.Caller;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Operating the instance: the search index's state (admins) and, for the system key, the tenants. */
@Controller
class OpsPages {
    static final int PAGE_SIZE = 50;

    private final IndexStatus index;
    private final Administration administration;

    OpsPages(IndexStatus index, Administration administration) {
        this.index = index;
        this.administration = administration;
    }

    @GetMapping("/admin/search")
    String searchIndex(Caller caller, Model model) {
        model.addAttribute("index", index.view(caller));
        return "console/search-index";
    }

    @GetMapping("/admin/tenants")
    String tenants(Caller caller, @RequestParam(required = false) String cursor, Model model) {
        var page = administration.listTenants(caller, PAGE_SIZE, blankToNull(cursor));
        model.addAttribute("tenants", page.items());
        model.addAttribute("nextPage", page.nextCursor() == null ? null : "/admin/tenants?cursor=" + enc(page.nextCursor()));
        return "console/tenants";
    }
}
