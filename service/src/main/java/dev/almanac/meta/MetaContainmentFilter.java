package dev.almanac.meta;

import dev.almanac.project.ProjectFilter;
import dev.almanac.web.ApiException;
import dev.almanac.web.JsonParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/projects?meta={"category":"finance","tags":["q3"]}}: a project matches when, for
 * every key of the filter, its metadata value under that key contains the filter's value (JSONB
 * {@code @>}), which the GIN {@code jsonb_path_ops} index on {@code project_meta.value} answers.
 */
@Component
class MetaContainmentFilter implements ProjectFilter {
    private static final int MAX_KEYS = 20;
    private final JsonMapper json;

    MetaContainmentFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String parameter() {
        return "meta";
    }

    @Override
    public Condition toCondition(String tenantId, String value) {
        JsonNode filter = JsonParameters.requireObject(json, "meta", value);
        if (filter.size() > MAX_KEYS) throw ApiException.invalidField("meta", "at most " + MAX_KEYS + " keys");
        List<String> clauses = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : filter.properties()) {
            MetaKeys.requireValid(e.getKey());
            clauses.add("""
                    EXISTS (SELECT 1 FROM project_meta m WHERE m.tenant_id = p.tenant_id AND m.project_id = p.id
                            AND m.key = ? AND m.value @> ?::jsonb)""");
            params.add(e.getKey());
            params.add(json.writeValueAsString(e.getValue()));
        }
        return new Condition(String.join(" AND ", clauses), params);
    }
}
