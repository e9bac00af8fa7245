package dev.almanac.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What is wrong with one answer, by the rules of issue #17. Empty when the answer is acceptable. */
final class Verdict {
    enum Finding { SERVER_ERROR, NOT_PROBLEM_JSON, NO_REQUEST_ID, INTERNALS_NAMED, CROSS_TENANT, NO_ANSWER }

    /** Case-sensitive names of things only our code and its libraries know about. */
    private static final List<String> INTERNALS = List.of("java.", "org.", "dev.almanac", "Exception", "StreamReadConstraints",
            "Tomcat", "Hikari", "PSQL", "SQLState", "at dev.", "springframework", "Caused by");
    /** Case-insensitive ones. */
    private static final List<String> INTERNALS_ANY_CASE = List.of("jackson", "stacktrace", "nullpointer");

    private Verdict() {}

    static List<Finding> judge(RequestBuilder.HostileRequest request, RawHttp.Response response, String victimMarker) {
        List<Finding> findings = new ArrayList<>();
        if (response.status() == 0) {
            // a stream that answered 200 and kept the connection open is fine; anything else is not
            if (!(request.streams() && response.timedOut())) findings.add(Finding.NO_ANSWER);
            return findings;
        }
        int status = response.status();
        String body = response.text();
        if (status >= 500) findings.add(Finding.SERVER_ERROR);
        if (response.header("X-Request-ID") == null || response.header("X-Request-ID").isBlank()) findings.add(Finding.NO_REQUEST_ID);
        if (status >= 400) {
            String type = response.header("Content-Type");
            String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
            boolean acceptable = switch (request.kind()) {
                // people get a page; the API's problem+json is still fine for a form posted by a script
                case CONSOLE -> lower.startsWith("text/html") || lower.startsWith("application/problem+json");
                // MCP speaks JSON-RPC errors (application/json) once the request is an MCP request
                case MCP -> lower.startsWith("application/problem+json") || lower.startsWith("application/json");
                case API -> lower.startsWith("application/problem+json");
            };
            boolean bodyless = request.method().equals("HEAD");
            if (!acceptable && !bodyless) findings.add(Finding.NOT_PROBLEM_JSON);
            if (namesInternals(body)) findings.add(Finding.INTERNALS_NAMED);
        }
        // tool errors come back inside a 200 on MCP: they too must say what to change, not which class noticed
        if (status < 400 && request.kind() == RequestBuilder.Kind.MCP && namesInternals(body)) findings.add(Finding.INTERNALS_NAMED);
        if (victimMarker != null && body.contains(victimMarker)) findings.add(Finding.CROSS_TENANT);
        return findings;
    }

    static boolean namesInternals(String body) {
        for (String s : INTERNALS) if (body.contains(s)) return true;
        String lower = body.toLowerCase(Locale.ROOT);
        for (String s : INTERNALS_ANY_CASE) if (lower.contains(s)) return true;
        return false;
    }
}
