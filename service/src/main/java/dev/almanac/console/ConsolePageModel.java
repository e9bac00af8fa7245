package dev.almanac.console;

import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page's layout needs: who is signed in, what they may do, the CSRF token. */
@ControllerAdvice(basePackageClasses = ConsolePageModel.class)
class ConsolePageModel {
    @ModelAttribute
    void common(HttpServletRequest request, Model model) {
        Object session = request.getAttribute(ConsoleAuthentication.SESSION);
        Object caller = request.getAttribute(Caller.ATTRIBUTE);
        if (session instanceof ConsoleSessions.Session s && caller instanceof Caller c) {
            model.addAttribute("csrf", s.csrfToken());
            model.addAttribute("signedInAs", c.actor());
            model.addAttribute("tenant", c.tenantId());
            model.addAttribute("canWrite", c.role().includes(Role.WRITER));
            model.addAttribute("isAdmin", c.role().includes(Role.ADMIN));
            model.addAttribute("isSystem", c.role() == Role.SYSTEM);
        } else {
            model.addAttribute("canWrite", false);
            model.addAttribute("isAdmin", false);
            model.addAttribute("isSystem", false);
        }
        model.addAttribute("path", request.getRequestURI());
    }
}
