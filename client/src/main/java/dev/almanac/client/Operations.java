package dev.almanac.client;

import dev.almanac.client.Models.Operation;
import java.util.stream.Stream;

/** The tenant's operations log ({@code GET /api/operations}): who did what, newest first. */
public final class Operations {
    private final Http http;

    Operations(Http http) {
        this.http = http;
    }

    /** Every entry, newest first, all pages lazily. */
    public Stream<Operation> list() {
        return list(null);
    }

    /** The entries of one project (null: all), newest first, all pages lazily. */
    public Stream<Operation> list(String projectId) {
        return Paging.stream(cursor -> http.call("GET", "/api/operations").query("project_id", projectId)
                .query("limit", http.pageSize()).query("cursor", cursor).page(Operation.class));
    }
}
