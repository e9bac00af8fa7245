package dev.almanac.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Test-data builders: {@code aProject().named("Ledger").withMeta("category", "\"finance\"").createdBy(api)}. */
public final class Fixtures {
    private Fixtures() {}

    public static ProjectBuilder aProject() {
        return new ProjectBuilder();
    }

    public static final class ProjectBuilder {
        private String id = "p-" + UUID.randomUUID().toString().substring(0, 12);
        private String name = "Project " + id;
        private String description;
        private final Map<String, String> meta = new LinkedHashMap<>();

        public ProjectBuilder withId(String id) {
            this.id = id;
            return this;
        }

        public ProjectBuilder named(String name) {
            this.name = name;
            return this;
        }

        public ProjectBuilder describedAs(String description) {
            this.description = description;
            return this;
        }

        /** {@code valueJson} is raw JSON: {@code "\"finance\""}, {@code "[1,2]"}. */
        public ProjectBuilder withMeta(String key, String valueJson) {
            meta.put(key, valueJson);
            return this;
        }

        public String json() {
            var body = new LinkedHashMap<String, Object>();
            body.put("id", id);
            body.put("name", name);
            if (description != null) body.put("description", description);
            return Api.JSON.writeValueAsString(body);
        }

        /** Creates the project (and its metadata) and returns its id. */
        public String createdBy(Api api) {
            Api.Response r = api.post("/api/projects", json());
            if (r.status() != 201) throw new IllegalStateException("could not create project: " + r);
            meta.forEach((key, value) -> {
                Api.Response m = api.put("/api/projects/" + id + "/meta/" + key, value);
                if (m.status() / 100 != 2) throw new IllegalStateException("could not put meta: " + m);
            });
            return id;
        }
    }
}
