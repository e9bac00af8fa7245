/**
 * The console: server-rendered pages (Thymeleaf, htmx from a webjar) at {@code /} for people. Sign
 * in with an API key, held as a server-side session; every page calls the same services as the REST
 * controllers, so roles, tenancy and validation are the API's.
 */
@ApplicationModule(allowedDependencies = {"web", "tenancy", "project", "meta", "search", "generation", "definition", "file", "limits", "schedule", "audit"})
@OwnsTables({"console_sessions"})
package dev.almanac.console;

import dev.almanac.OwnsTables;
import org.springframework.modulith.ApplicationModule;
