package dev.almanac.definition;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.almanac.web.ApiException;
import dev.almanac.web.ErrorCode;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Validation of definitions by type: the definition {@code schema/<type>} (found through the same
 * fallback chain as any other) holds the JSON Schema every {@code <type>} definition must satisfy;
 * definitions of type {@code schema} must themselves be valid schemas. Drafts 4 to 2020-12 are
 * understood ({@code $schema} picks one; 2020-12 when absent).
 *
 * <p>Remote {@code $ref}s are never fetched: a schema is tenant data, and fetching URLs it names
 * would let a tenant make the server call anywhere.
 */
@Component
class TypeSchemas {
    static final String SCHEMA_TYPE = "schema";
    private static final int MAX_ERRORS = 50;

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build())
                    .schemaLoader(loader -> loader.fetchRemoteResources(false)));
    // Keyed by the schema's checksum: content-addressed, so a changed schema is simply another key.
    private final Cache<String, Schema> compiled = Caffeine.newBuilder().maximumSize(1_000).build();

    /** Rejects {@code data} of a {@code schema} definition that is not a valid JSON Schema. */
    void requireValidSchema(JsonNode data) {
        if (!data.isObject() && !data.isBoolean()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "A schema definition must be a JSON Schema (an object or a boolean)",
                    List.of(new ApiException.FieldError("/data", "must be an object or a boolean")));
        }
        SpecificationVersion dialect = data.isObject()
                ? SpecificationVersion.fromSchemaNode(data).orElse(SpecificationVersion.DRAFT_2020_12)
                : SpecificationVersion.DRAFT_2020_12;
        Schema meta = registry.getSchema(SchemaLocation.of(dialect.getDialectId()));
        reject("The schema is not a valid JSON Schema", meta.validate(data));
        try {
            registry.getSchema(data);
        } catch (RuntimeException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "The schema cannot be used: " + e.getMessage(),
                    List.of(new ApiException.FieldError("/data", e.getMessage())));
        }
    }

    /** Rejects {@code data} that does not satisfy {@code schema} (a definition of type {@code schema}). */
    void validate(String type, JsonNode data, Definition schema) {
        Schema compiledSchema = compiled.get(schema.checksum(), k -> registry.getSchema(schema.data()));
        reject("Data does not match the schema of type '" + type + "' (definition schema/" + type + ")",
                compiledSchema.validate(data));
    }

    private static void reject(String detail, List<Error> errors) {
        if (errors.isEmpty()) return;
        List<ApiException.FieldError> fields = errors.stream()
                .limit(MAX_ERRORS)
                .map(e -> new ApiException.FieldError("/data" + e.getInstanceLocation().toString(), e.getMessage()))
                .toList();
        throw new ApiException(ErrorCode.BAD_REQUEST, detail + ": " + errors.size() + " error(s)", fields);
    }
}
