package dev.almanac.client;

import dev.almanac.client.Models.SearchResult;

/** {@code /api/search} and {@code /api/projects/{id}/similar}. */
public final class Search {
    private final Http http;

    Search(Http http) {
        this.http = http;
    }

    /** {@code mode}: hybrid (default when null), semantic or keyword; {@code limit} 1-100. */
    public SearchResult query(String text, String mode, int limit) {
        return http.call("GET", "/api/search").query("q", text).query("mode", mode).query("limit", limit).as(SearchResult.class);
    }

    public SearchResult similar(String projectId, int limit) {
        return http.call("GET", "/api/projects/" + Http.segment(projectId) + "/similar").query("limit", limit)
                .as(SearchResult.class);
    }
}
