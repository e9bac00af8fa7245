package dev.almanac.fuzz;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Counts over a whole run, for the benchmark script and the test's log. Synchronized: cheap, and runs are sequential. */
final class FuzzReport {
    private int requests;
    private int victimAimed;
    private final Map<Verdict.Finding, Integer> findings = new EnumMap<>(Verdict.Finding.class);
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private final Map<String, String> examples = new LinkedHashMap<>();
    private final Map<String, Integer> details = new java.util.HashMap<>();

    synchronized void record(RequestBuilder.HostileRequest request, RawHttp.Response response, java.util.List<Verdict.Finding> found) {
        requests++;
        if (request.aimsAtVictim()) victimAimed++;
        statuses.merge(response.status(), 1, Integer::sum);
        var m = java.util.regex.Pattern.compile("\"detail\":\"([^\"]{0,60})").matcher(response.text());
        if (response.status() >= 400 && m.find()) details.merge(response.status() + " " + m.group(1), 1, Integer::sum);
        for (Verdict.Finding f : found) {
            findings.merge(f, 1, Integer::sum);
            String key = f + " " + response.status() + " " + request.method() + " " + RequestBuilder.escape(request.target().replaceAll("[?].*", ""));
            if (key.length() > 160) key = key.substring(0, 160) + "…";
            if (examples.size() < 60) examples.putIfAbsent(key, (request.description().length() > 1200 ? request.description().substring(0, 1200) + "…" : request.description()) + "\n      -> " + response.status() + " "
                    + RequestBuilder.escape(response.text().length() > 400 ? response.text().substring(0, 400) : response.text()));
        }
    }

    synchronized int count(Verdict.Finding f) {
        return findings.getOrDefault(f, 0);
    }

    synchronized String summary() {
        StringBuilder out = new StringBuilder();
        out.append("requests: ").append(requests).append('\n');
        out.append("5xx: ").append(count(Verdict.Finding.SERVER_ERROR)).append('\n');
        out.append("errors not problem+json (or HTML page on the console): ").append(count(Verdict.Finding.NOT_PROBLEM_JSON)).append('\n');
        out.append("missing X-Request-ID: ").append(count(Verdict.Finding.NO_REQUEST_ID)).append('\n');
        out.append("internals named: ").append(count(Verdict.Finding.INTERNALS_NAMED)).append('\n');
        out.append("cross-tenant reads: ").append(count(Verdict.Finding.CROSS_TENANT)).append('\n');
        out.append("no answer: ").append(count(Verdict.Finding.NO_ANSWER)).append('\n');
        out.append("requests aimed at the other tenant's ids: ").append(victimAimed).append('\n');
        out.append("statuses: ").append(statuses).append('\n');
        out.append("most frequent refusals:\n");
        details.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(15)
                .forEach(e -> out.append("  ").append(e.getValue()).append(" × ").append(e.getKey()).append('\n'));
        if (!examples.isEmpty()) {
            out.append("examples:\n");
            examples.forEach((k, v) -> out.append("  ").append(k).append("\n      ").append(v).append('\n'));
        }
        return out.toString();
    }
}
