package dev.almanac.documentation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * {@code docs/api.md} is the contract: every operation the service serves under {@code /api} is
 * described there, and everything it describes is served ({@code /v3/api-docs} is the served side).
 * Operations are compared as {@code METHOD /path} with path variables' names ignored.
 */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
class ApiDocumentTest extends ApiTestBase {
    private static final Path CONTRACT = Path.of("../docs/api.md");
    /** `GET /api/projects/{projectId}` as code in the document, query string and all after it ignored. */
    private static final Pattern DOCUMENTED = Pattern.compile("`(GET|PUT|POST|PATCH|DELETE) (/api/[^`\\s?]*)");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");

    @Test
    void theContractDescribesExactlyTheOperationsTheServiceServes() throws IOException {
        Set<String> served = served();
        Set<String> documented = documented(Files.readString(CONTRACT));

        assertThat(served).as("served operations").isNotEmpty();
        assertThat(difference(served, documented)).as("served but not described in docs/api.md").isEmpty();
        assertThat(difference(documented, served)).as("described in docs/api.md but not served").isEmpty();
    }

    /** The authenticated caller is resolved from the API key, not sent: it must not look like a parameter. */
    @Test
    void noOperationAsksForTheResolvedCaller() {
        JsonNode paths = anonymous.get("/v3/api-docs").json().get("paths");
        Set<String> asking = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                JsonNode parameters = op.getValue().get("parameters");
                if (parameters == null) continue;
                for (JsonNode p : parameters) {
                    if (p.path("name").asString("").equals("caller")) asking.add(op.getKey() + " " + path.getKey());
                }
            }
        }
        assertThat(asking).isEmpty();
    }

    @Test
    void theComparisonSeesAnOperationMissingFromEitherSide() {
        Set<String> documented = documented("""
                | `GET /api/projects/{projectId}` | one |
                - `POST /api/projects/{id}/files` multipart and `DELETE /api/jobs/{jobId}?force=true`
                """);
        assertThat(documented).containsExactlyInAnyOrder("GET /api/projects/{}", "POST /api/projects/{}/files",
                "DELETE /api/jobs/{}");
        assertThat(difference(Set.of("GET /api/projects/{}", "GET /api/stats"), documented)).containsExactly("GET /api/stats");
    }

    private Set<String> served() {
        JsonNode paths = anonymous.get("/v3/api-docs").json().get("paths");
        Set<String> operations = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            if (!path.getKey().startsWith("/api/")) continue;
            for (Iterator<String> it = path.getValue().propertyNames().iterator(); it.hasNext(); ) {
                String method = it.next();
                if (METHODS.contains(method)) operations.add(method.toUpperCase() + " " + normalized(path.getKey()));
            }
        }
        return operations;
    }

    static Set<String> documented(String markdown) {
        Set<String> operations = new TreeSet<>();
        Matcher m = DOCUMENTED.matcher(markdown);
        while (m.find()) operations.add(m.group(1) + " " + normalized(m.group(2)));
        return operations;
    }

    private static String normalized(String path) {
        return path.replaceAll("\\{[^}]*}", "{}");
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> rest = new TreeSet<>(a);
        rest.removeAll(b);
        return rest;
    }
}
