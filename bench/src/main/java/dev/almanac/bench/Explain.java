package dev.almanac.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The plan of the containment query, three ways. The service runs it as a JDBC prepared statement,
 * which PostgreSQL plans per call with the values (custom plan) for the first five executions and
 * may then switch to one generic plan for all values ({@code plan_cache_mode = auto}). So we show
 * the custom plan, the generic plan, and what {@code auto} settles on after ten executions.
 */
final class Explain {
    record Plans(String custom, String generic, String autoAfterWarmup) {}

    private Explain() {}

    static Plans containment(Connection c, String tenant, String key, String valueJson, int limit) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DEALLOCATE ALL");
            st.execute("PREPARE containment(text, varchar[], text, text, int) AS "
                    + Raw.CONTAINMENT.replaceFirst("\\?", "\\$1").replaceFirst("\\?", "\\$2").replaceFirst("\\?", "\\$3")
                            .replaceFirst("\\?", "\\$4").replaceFirst("\\?", "\\$5"));
            String execute = "EXECUTE containment('%s', '{active,locked}', '%s', '%s', %d)"
                    .formatted(tenant, key, valueJson.replace("'", "''"), limit + 1);
            String explain = "EXPLAIN (ANALYZE, BUFFERS, COSTS) " + execute;
            st.execute("SET plan_cache_mode = force_custom_plan");
            String custom = plan(st, explain);
            st.execute("SET plan_cache_mode = force_generic_plan");
            String generic = plan(st, explain);
            st.execute("SET plan_cache_mode = auto");
            for (int i = 0; i < 10; i++) st.execute(execute);
            String auto = plan(st, explain);
            st.execute("DEALLOCATE containment");
            return new Plans(custom, generic, auto);
        }
    }

    static boolean usesGin(String plan) {
        return plan.contains("project_meta_value");
    }

    private static String plan(Statement st, String explain) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (ResultSet rs = st.executeQuery(explain)) {
            while (rs.next()) out.append(rs.getString(1)).append('\n');
        }
        return out.toString();
    }
}
