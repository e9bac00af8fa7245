package dev.almanac.definition;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One text form per JSON value, so that equal documents have equal checksums whatever order their
 * keys came in: object keys sorted (by UTF-16 code units, as RFC 8785 does), no whitespace, numbers
 * in their shortest plain decimal form ({@code 1.0}, {@code 1e0} and {@code 1} are one number, as
 * they are to PostgreSQL's JSONB). This is also the form that is stored, so what comes back out of
 * the database hashes to the checksum next to it.
 */
public final class CanonicalJson {
    private static final JsonMapper PLAIN = JsonMapper.builder().build();

    private CanonicalJson() {}

    public static String of(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    /** MD5 (as the seed asks: a change detector, not a security measure) of the canonical form, hex. */
    public static String checksum(JsonNode node) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(of(node).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /** A deep copy whose objects iterate in sorted key order: what the exporter writes. */
    static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            Map<String, JsonNode> fields = new TreeMap<>();
            node.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
            fields.forEach((k, v) -> copy.set(k, sorted(v)));
            return copy;
        }
        if (node.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(v -> copy.add(sorted(v)));
            return copy;
        }
        if (node.isNumber()) {
            return PLAIN.readTree(number(node));
        }
        return node;
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            node.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : fields.entrySet()) {
                if (!first) out.append(',');
                first = false;
                out.append(PLAIN.writeValueAsString(e.getKey())).append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) out.append(',');
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isNumber()) {
            out.append(number(node));
        } else {
            out.append(PLAIN.writeValueAsString(node));
        }
    }

    private static String number(JsonNode node) {
        if (node.isIntegralNumber()) return node.bigIntegerValue().toString();
        BigDecimal value = node.decimalValue().stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0).toPlainString() : value.toPlainString();
    }
}
