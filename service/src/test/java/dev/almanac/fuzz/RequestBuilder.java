package dev.almanac.fuzz;

import dev.almanac.fuzz.FuzzPlan.BodyMutation;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Turns a {@link FuzzPlan} into the exact bytes of one HTTP request. */
final class RequestBuilder {
    enum Kind { API, CONSOLE, MCP }

    record HostileRequest(Kind kind, String method, String target, String description, byte[] bytes, boolean aimsAtVictim,
            boolean streams) {
        @Override
        public String toString() {
            return description;
        }
    }

    /** Console forms that change something, with their fields; {id} and {key} are filled like API path variables. */
    static final List<List<String>> CONSOLE_FORMS = List.of(
            List.of("/projects", "id", "name", "description"),
            List.of("/projects/{id}/meta", "key", "value"),
            List.of("/projects/{id}/status", "status"),
            List.of("/projects/{id}/meta/{key}/delete"),
            List.of("/projects/{id}/meta/{key}/restore", "version"),
            List.of("/projects/{id}/generate", "force"),
            List.of("/review/{id}/{key}/edit", "value", "version"),
            List.of("/review/{id}/{key}/accept", "version"),
            List.of("/admin/keys", "name", "role"),
            List.of("/definitions/{type}/{name}/rollback", "version", "current"),
            List.of("/sign-in", "api_key"));

    static final int MCP_SHAPES = 3;

    private final World world;

    RequestBuilder(World world) {
        this.world = world;
    }

    int targets() {
        return world.operations().size() + CONSOLE_FORMS.size() + MCP_SHAPES;
    }

    HostileRequest build(FuzzPlan plan) {
        Random random = new Random(plan.seed());
        Values values = new Values(plan, random);
        int t = Math.floorMod(plan.target(), targets());
        List<ApiSurface.Operation> ops = world.operations();
        if (t < ops.size()) return api(ops.get(t), plan, values, random);
        t -= ops.size();
        if (t < CONSOLE_FORMS.size()) return console(CONSOLE_FORMS.get(t), plan, values, random);
        return mcp(t - CONSOLE_FORMS.size(), plan, values, random);
    }

    /** Hands out the plan's hostile values in turn, so every generated value gets used somewhere. */
    private static final class Values {
        private final FuzzPlan plan;
        private final Random random;
        private int s;
        private int n;

        Values(FuzzPlan plan, Random random) {
            this.plan = plan;
            this.random = random;
        }

        String string() {
            return plan.strings().get(s++ % plan.strings().size());
        }

        String number() {
            return plan.numbers().get(n++ % plan.numbers().size());
        }

        boolean chance(int percent) {
            return random.nextInt(100) < percent;
        }
    }

    // ---------------------------------------------------------------- API operations

    private HostileRequest api(ApiSurface.Operation op, FuzzPlan plan, Values v, Random random) {
        boolean[] victim = {false};
        String path = fillPath(op.path(), v, victim, op.streams());
        String query = query(op, plan, v);
        String method = FuzzPlan.DECLARED.equals(plan.method()) ? op.method() : plan.method();
        byte[] body = null;
        String contentType = null;
        if (op.bodyType() != null || v.chance(10)) {
            contentType = "declared".equals(plan.contentType()) ? (op.bodyType() == null ? "application/json" : op.bodyType()) : plan.contentType();
            body = body(op, plan, v, random);
        }
        Map<String, String> headers = headers(plan, v, "application/json");
        return request(Kind.API, method, path + query, headers, contentType, body, victim[0], op.streams() && !victim[0],
                op + " " + plan);
    }

    private String fillPath(String template, Values v, boolean[] victim, boolean streams) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                out.append(template, i, template.length());
                break;
            }
            out.append(template, i, open);
            int close = template.indexOf('}', open);
            String name = template.substring(open + 1, close);
            out.append(pathValue(name, v, victim, streams));
            i = close + 1;
        }
        return out.toString();
    }

    private String pathValue(String name, Values v, boolean[] victim, boolean streams) {
        int roll = v.random.nextInt(100);
        // an event stream on one's own project answers forever: aim streams at the victim or at garbage only
        World.Tenant tenant = roll < 40 && !streams ? world.own() : roll < 60 ? world.victim() : null;
        if (tenant == world.victim()) victim[0] = true;
        if (tenant != null) {
            String known = switch (name) {
                case "projectId", "id" -> tenant.projectId();
                case "key" -> tenant.metaKey();
                case "tenant" -> tenant.id();
                case "webhookId" -> tenant.webhookId();
                default -> null;
            };
            if (known != null) return encodePath(known);
        }
        // a well-formed value that names nothing: reaches the lookup, which must answer 404
        if (roll < 85) return name.endsWith("Id") || name.equals("id") ? UUID.randomUUID().toString() : "fuzz-" + (roll % 7);
        String hostile = v.string();
        return switch (v.random.nextInt(4)) {
            case 0 -> rawPath(hostile); // unencoded: Tomcat refuses control characters and spaces itself
            default -> encodePath(hostile);
        };
    }

    private String query(ApiSurface.Operation op, FuzzPlan plan, Values v) {
        List<String> pairs = new ArrayList<>();
        switch (plan.query()) {
            case NONE -> {}
            case DECLARED_HOSTILE, REPEATED -> {
                for (ApiSurface.Parameter p : op.parameters()) {
                    if (!p.in().equals("query") || !v.chance(70)) continue;
                    String value = switch (p.type()) {
                        case "integer", "number" -> v.chance(70) ? v.number() : v.string();
                        case "boolean" -> v.chance(50) ? "maybe" : v.string();
                        default -> p.format().equals("date-time") ? v.string() : v.chance(50) ? v.string() : v.number();
                    };
                    pairs.add(encodeQuery(p.name()) + "=" + encodeQuery(value));
                    if (plan.query() == FuzzPlan.QueryMutation.REPEATED) pairs.add(encodeQuery(p.name()) + "=" + encodeQuery(v.string()));
                }
            }
            case SINGLE -> {
                List<ApiSurface.Parameter> query = op.parameters().stream().filter(p -> p.in().equals("query")).toList();
                if (!query.isEmpty()) {
                    ApiSurface.Parameter p = query.get(v.random.nextInt(query.size()));
                    String value = p.type().equals("integer") || p.type().equals("number") ? v.number() : v.string();
                    pairs.add(encodeQuery(p.name()) + "=" + encodeQuery(value));
                }
            }
            case MALFORMED_PERCENT -> pairs.add(List.of("limit=%FF", "a=%ZZ%", "%00=%00&=x", "q=%E0%80", "cursor=%", "%=%",
                    "as_of=%2B294277-01-01T00%3A00%3A00Z", "x=%C0%AF", "q=%ED%A0%80").get(v.random.nextInt(9)));
            case EXTRA_PARAMS -> {
                pairs.add(encodeQuery(v.string()) + "=" + encodeQuery(v.string()));
                pairs.add("cursor=" + encodeQuery(v.string()));
                pairs.add("limit=" + encodeQuery(v.number()));
            }
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    private byte[] body(ApiSurface.Operation op, FuzzPlan plan, Values v, Random random) {
        Object skeleton = op.bodySchema() == null ? new LinkedHashMap<>(Map.of("name", "fuzz")) : sample(op.bodySchema(), 0, random);
        String text = switch (plan.body()) {
            case SKELETON -> Json.write(skeleton);
            case HOSTILE_STRINGS -> Json.write(mutate(skeleton, v, Mutation.STRINGS));
            case SINGLE_FIELD -> Json.write(mutateOne(skeleton, v));
            case HOSTILE_KEYS -> Json.write(mutate(skeleton, v, Mutation.KEYS));
            case WRONG_TYPES -> Json.write(mutate(skeleton, v, Mutation.TYPES));
            case HUGE_NUMBERS -> Json.write(mutate(skeleton, v, Mutation.NUMBERS));
            case DEEP_NESTING -> {
                int depth = 200 + random.nextInt(5000);
                String open = random.nextBoolean() ? "[" : "{\"a\":";
                String close = open.equals("[") ? "]" : "}";
                yield "{\"name\":\"deep\",\"value\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}";
            }
            case HUGE_BODY -> "{\"name\":\"" + "x".repeat(3 * 1024 * 1024 + random.nextInt(1024)) + "\"}";
            case TRUNCATED -> {
                String full = Json.write(mutate(skeleton, v, Mutation.STRINGS));
                yield full.substring(0, Math.max(1, random.nextInt(full.length())));
            }
            case EMPTY -> "";
            case NOT_JSON -> v.string();
            case SCALAR -> List.of("null", "1", "\"x\"", "[]", "true", "1e400").get(random.nextInt(6));
            case RAW_BYTES -> null;
        };
        if (text != null) return text.getBytes(StandardCharsets.UTF_8);
        // bytes no JSON writer would produce: a raw NUL, invalid UTF-8, a lone surrogate in CESU-8, a UTF-16 BOM
        byte[][] poison = {{0}, {(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFE, (byte) 0xFF}};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] p = poison[random.nextInt(poison.length)];
        String json = Json.write(skeleton);
        int at = json.indexOf("\"fuzz");
        if (at < 0) at = json.indexOf('"') >= 0 ? json.indexOf('"') + 1 : 0;
        else at += 1;
        out.write(json.getBytes(StandardCharsets.UTF_8), 0, at);
        out.write(p, 0, p.length);
        byte[] rest = json.substring(at).getBytes(StandardCharsets.UTF_8);
        out.write(rest, 0, rest.length);
        return out.toByteArray();
    }

    /** A plausible value for a schema: reaches past "wrong shape" so the mutations land on real fields. */
    private Object sample(JsonNode schema, int depth, Random random) {
        JsonNode s = ApiSurface.resolve(world.surface().document(), schema);
        if (depth > 4) return "fuzz";
        if (s.has("enum") && !s.get("enum").isEmpty()) return s.get("enum").get(random.nextInt(s.get("enum").size())).asString();
        String type = s.path("type").asString("");
        if (type.isEmpty() && s.has("properties")) type = "object";
        return switch (type) {
            case "object" -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (var p : s.path("properties").properties()) map.put(p.getKey(), sample(p.getValue(), depth + 1, random));
                if (map.isEmpty()) map.put("fuzz", "fuzz");
                yield map;
            }
            case "array" -> new ArrayList<>(List.of(sample(s.path("items"), depth + 1, random)));
            case "integer" -> new Json.Raw("1");
            case "number" -> new Json.Raw("1.5");
            case "boolean" -> new Json.Raw("true");
            case "string" -> switch (s.path("format").asString("")) {
                case "date-time" -> "2026-01-01T00:00:00Z";
                case "uuid" -> UUID.randomUUID().toString();
                case "uri" -> "https://example.com/hook";
                default -> "fuzz";
            };
            default -> "fuzz";
        };
    }

    /** One leaf replaced by a hostile string or number, the rest left plausible: reaches the code behind the parser. */
    @SuppressWarnings("unchecked")
    private Object mutateOne(Object skeleton, Values v) {
        if (skeleton instanceof Map<?, ?> map && !map.isEmpty()) {
            Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) map);
            List<String> keys = new ArrayList<>(out.keySet());
            String key = keys.get(v.random.nextInt(keys.size()));
            Object old = out.get(key);
            out.put(key, old instanceof Map<?, ?> || old instanceof List<?> ? mutateOne(old, v)
                    : old instanceof Json.Raw ? new Json.Raw(v.number()) : v.string());
            return out;
        }
        if (skeleton instanceof List<?> list && !list.isEmpty()) return new ArrayList<>(List.of(mutateOne(list.getFirst(), v)));
        return v.chance(50) ? new Json.Raw(v.number()) : v.string();
    }

    private enum Mutation { STRINGS, KEYS, TYPES, NUMBERS }

    @SuppressWarnings("unchecked")
    private Object mutate(Object node, Values v, Mutation how) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (var e : ((Map<String, Object>) map).entrySet()) {
                String key = how == Mutation.KEYS && v.chance(40) ? v.string() : e.getKey();
                out.put(key, mutate(e.getValue(), v, how));
            }
            if (how == Mutation.KEYS) out.put(v.string(), v.string());
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object o : list) out.add(mutate(o, v, how));
            if (v.chance(30)) out.add(mutate(out.isEmpty() ? "x" : out.getFirst(), v, how));
            return out;
        }
        return switch (how) {
            case STRINGS -> node instanceof String ? (v.chance(80) ? v.string() : node) : node;
            case KEYS -> node;
            case NUMBERS -> v.chance(60) ? new Json.Raw(v.number()) : node;
            case TYPES -> v.chance(60) ? List.of(new Json.Raw("[]"), new Json.Raw("{}"), new Json.Raw("true"), new Json.Raw("null"),
                    new Json.Raw(v.number()), (Object) v.string(), new Json.Raw("[[\"x\"]]")).get(v.random.nextInt(7)) : node;
        };
    }

    // ---------------------------------------------------------------- console and MCP

    private HostileRequest console(List<String> form, FuzzPlan plan, Values v, Random random) {
        boolean[] victim = {false};
        String path = fillPath(form.getFirst(), v, victim, false);
        StringBuilder body = new StringBuilder();
        if (v.chance(85)) body.append("_csrf=").append(encodeQuery(world.csrf()));
        for (String field : form.subList(1, form.size())) {
            if (!v.chance(85)) continue;
            if (!body.isEmpty()) body.append('&');
            String value = v.chance(30) ? v.number() : v.string();
            body.append(field).append('=').append(v.chance(85) ? encodeQuery(value) : value);
        }
        if (plan.query() == FuzzPlan.QueryMutation.MALFORMED_PERCENT) body.append("&x=%ZZ%");
        String method = FuzzPlan.DECLARED.equals(plan.method()) ? "POST" : plan.method();
        Map<String, String> headers = headers(plan, v, "text/html,application/xhtml+xml");
        headers.remove("Authorization"); // the console authenticates by its session cookie
        if (v.chance(90)) headers.put("Cookie", world.consoleCookie());
        String contentType = "declared".equals(plan.contentType()) ? "application/x-www-form-urlencoded" : plan.contentType();
        return request(Kind.CONSOLE, method, path, headers, contentType, body.toString().getBytes(StandardCharsets.UTF_8),
                victim[0], false, "console " + form.getFirst() + " " + plan);
    }

    private HostileRequest mcp(int shape, FuzzPlan plan, Values v, Random random) {
        String body = switch (shape) {
            case 0 -> Json.write(Map.of("jsonrpc", "2.0", "id", new Json.Raw(v.number()), "method", v.string(),
                    "params", Map.of(v.string(), v.string())));
            case 1 -> {
                List<String> tools = List.of("search_projects", "get_project", "list_definitions", "get_definition", "diff_definition",
                        "get_meta", "put_meta", "request_generation", "get_job", "list_suggestions", "accept_suggestion",
                        "reject_suggestion", "project_history");
                String tool = random.nextInt(10) == 0 ? v.string() : tools.get(random.nextInt(tools.size()));
                // mostly plausible arguments with one hostile value, so the tool itself runs and must refuse it
                Map<String, Object> args = new LinkedHashMap<>();
                int pick = random.nextInt(3);
                args.put("project_id", pick == 0 ? world.victim().projectId() : pick == 1 ? world.own().projectId() : v.string());
                args.put("key", random.nextBoolean() ? world.own().metaKey() : v.string());
                args.put("query", random.nextBoolean() ? "fuzz" : v.string());
                args.put("value", random.nextBoolean() ? new Json.Raw(v.number()) : v.string());
                args.put(List.of("limit", "version", "from", "to", "as_of", "type", "name", "job_id").get(random.nextInt(8)),
                        random.nextBoolean() ? new Json.Raw(v.number()) : v.string());
                yield Json.write(Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/call",
                        "params", Map.of("name", tool, "arguments", args)));
            }
            default -> {
                Object garbage = mutate(Map.of("jsonrpc", "2.0", "id", new Json.Raw("7"), "method", "initialize"), v, Mutation.TYPES);
                yield plan.body() == BodyMutation.SKELETON ? Json.write(garbage) : v.string();
            }
        };
        String method = FuzzPlan.DECLARED.equals(plan.method()) ? "POST" : plan.method();
        String contentType = "declared".equals(plan.contentType()) ? "application/json" : plan.contentType();
        Map<String, String> headers = headers(plan, v, "application/json, text/event-stream");
        return request(Kind.MCP, method, "/mcp", headers, contentType, body.getBytes(StandardCharsets.UTF_8),
                body.contains(world.victim().projectId()), false, "mcp " + plan);
    }

    // ---------------------------------------------------------------- headers and bytes

    private Map<String, String> headers(FuzzPlan plan, Values v, String accept) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", accept);
        String auth = switch (plan.auth()) {
            case ADMIN -> "Bearer " + world.own().adminKey();
            case WRITER -> "Bearer " + world.own().writerKey();
            case READER -> "Bearer " + world.own().readerKey();
            case NONE -> null;
            case GARBAGE -> "Bearer " + v.string();
            case OTHER_TENANT -> "Bearer " + world.otherTenantKey();
            case BASIC -> "Basic YWRtaW46YWRtaW4=";
            case EMPTY_BEARER -> "Bearer ";
            case NUL_TOKEN -> "Bearer " + world.own().adminKey() + "\u0000";
        };
        if (auth != null) h.put("Authorization", auth);
        switch (plan.header()) {
            case NONE -> {}
            case REQUEST_ID_CR -> h.put("X-Request-ID", "abc\rdef");
            case REQUEST_ID_LONG -> h.put("X-Request-ID", "r".repeat(129 + v.random.nextInt(400)));
            case REQUEST_ID_ODD -> h.put("X-Request-ID", v.string());
            case CONTROL_IN_HEADER -> h.put("X-Fuzz", "a\u0000b\u0001c\u007f");
            case NON_ASCII_HEADER -> h.put("X-Fuzz", "ünïcødé 😀");
            case HUGE_HEADER -> h.put("X-Fuzz", "h".repeat(20_000));
            case ACCEPT_ODD -> h.put("Accept", List.of("*/*", "text/plain", "application/xml", "garbage", "", "application/problem+json")
                    .get(v.random.nextInt(6)));
        }
        return h;
    }

    private static HostileRequest request(Kind kind, String method, String target, Map<String, String> headers,
            String contentType, byte[] body, boolean victim, boolean streams, String description) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        headers.forEach((k, val) -> write(out, k + ": " + val + "\r\n"));
        if (contentType != null && !contentType.equals("none")) write(out, "Content-Type: " + contentType + "\r\n");
        if (body != null) write(out, "Content-Length: " + body.length + "\r\n");
        write(out, "\r\n");
        if (body != null) out.write(body, 0, body.length);
        String shown = method + " " + target;
        if (body != null) shown += " body=" + new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8)
                + (body.length > 300 ? "…(" + body.length + " bytes)" : "");
        return new HostileRequest(kind, method, target, escape(shown + " | " + description + " | " + headers), out.toByteArray(),
                victim, streams);
    }

    /** Request line and headers go out as UTF-8 (Tomcat must cope with bytes it did not ask for). */
    private static void write(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c >= 0x20 && c < 0x7f) out.append(c);
            else out.append(String.format("\\u%04x", (int) c));
        }
        return out.length() > 2000 ? out.substring(0, 2000) + "…" : out.toString();
    }

    static String encodePath(String s) {
        return percent(s, "-._~!$&'()*+,;=:@");
    }

    static String encodeQuery(String s) {
        return percent(s, "-._~!$'()*,;:@/?");
    }

    /** Percent-encodes UTF-8; a lone surrogate becomes its (invalid) three-byte form instead of '?'. */
    private static String percent(String s, String safe) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || safe.indexOf(c) >= 0) {
                out.append(c);
                continue;
            }
            byte[] bytes;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes = new byte[] {(byte) (0xE0 | (c >> 12)), (byte) (0x80 | ((c >> 6) & 0x3F)), (byte) (0x80 | (c & 0x3F))};
            } else {
                bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            }
            for (byte b : bytes) out.append('%').append(String.format("%02X", b & 0xff));
        }
        return out.toString();
    }

    /** Leaves printable characters as they are, and sends everything else raw (Tomcat must refuse it cleanly). */
    private static String rawPath(String s) {
        // CR and LF would end the request line: what follows is another request (or HTTP/0.9), not a hostile path
        return s.replace("?", "%3F").replace("#", "%23").replace("\r", "%0D").replace("\n", "%0A");
    }
}
