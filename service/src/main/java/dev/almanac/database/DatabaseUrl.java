package dev.almanac.database;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Accepts both JDBC URLs and the libpq form ({@code postgresql://user:pw@host:port/db}). */
final class DatabaseUrl {
    private DatabaseUrl() {}

    static String toJdbc(String url) {
        String trimmed = url.trim();
        if (trimmed.startsWith("jdbc:postgresql:")) {
            return trimmed;
        }
        if (!trimmed.startsWith("postgresql://") && !trimmed.startsWith("postgres://")) {
            throw new IllegalStateException("ALMANAC_DATABASE_URL must start with jdbc:postgresql:// or postgresql://, got: "
                    + trimmed.replaceAll("//[^@/]*@", "//***@"));
        }
        URI uri = URI.create(trimmed);
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() > 0) jdbc.append(':').append(uri.getPort());
        jdbc.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath());
        StringBuilder query = new StringBuilder(uri.getRawQuery() == null ? "" : uri.getRawQuery());
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            appendParam(query, "user", URLDecoder.decode(parts[0], StandardCharsets.UTF_8));
            if (parts.length == 2) appendParam(query, "password", URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        if (!query.isEmpty()) jdbc.append('?').append(query);
        return jdbc.toString();
    }

    private static void appendParam(StringBuilder query, String name, String value) {
        if (!query.isEmpty()) query.append('&');
        query.append(name).append('=').append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
