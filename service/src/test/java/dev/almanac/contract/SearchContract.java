package dev.almanac.contract;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** GET /api/search and /similar: modes, filters, tenant isolation and bad input. */
abstract class SearchContract extends ApiTestBase {

    private static final String LEDGER = "Monthly accounting books, supplier invoices and quarterly tax reports for the finance team.";
    private static final String CLUSTER = "Kubernetes cluster upgrade plan: drain the nodes, upgrade kubelet and roll back on failure.";
    private static final String HIRING = "Recruiting pipeline with interview schedules and onboarding checklists for new employees.";

    private record Corpus(TenantKeys tenant, String ledger, String cluster, String hiring) {}

    private Corpus corpus() {
        var t = newTenant();
        String ledger = aProject().named("General ledger").describedAs(LEDGER).withMeta("category", "\"finance\"")
                .withMeta("tags", "[\"books\",\"tax\"]").createdBy(t.writer());
        String cluster = aProject().named("Cluster upgrade").describedAs(CLUSTER).withMeta("category", "\"engineering\"")
                .createdBy(t.writer());
        String hiring = aProject().named("Hiring").describedAs(HIRING).withMeta("category", "\"people\"").createdBy(t.writer());
        var corpus = new Corpus(t, ledger, cluster, hiring);
        // searchable once indexed and embedded; the bench measures how fast (well under a second)
        await().atMost(Duration.ofSeconds(30)).until(() -> ids(t.reader(), "q=kubernetes&mode=semantic").size() == 3);
        return corpus;
    }

    @Test
    void keywordFindsByWordsWithSnippets() {
        var c = corpus();
        Api.Response r = c.tenant().reader().get("/api/search?q=invoices%20tax&mode=keyword");
        assertThat(r.status()).isEqualTo(200);
        JsonNode items = r.json().get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("project_id").asString()).isEqualTo(c.ledger());
        assertThat(items.get(0).get("name").asString()).isEqualTo("General ledger");
        assertThat(items.get(0).get("snippet").asString()).contains("<b>invoices</b>");
        assertThat(r.json().get("took_ms").asLong()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void semanticFindsByMeaning() {
        var c = corpus();
        // none of these words occur in the projects' text
        assertThat(ids(c.tenant().reader(), "q=" + enc("software deployment of containers") + "&mode=semantic").getFirst())
                .isEqualTo(c.cluster());
        assertThat(ids(c.tenant().reader(), "q=" + enc("hiring new staff") + "&mode=semantic").getFirst()).isEqualTo(c.hiring());
        assertThat(ids(c.tenant().reader(), "q=" + enc("bookkeeping and money") + "&mode=semantic").getFirst()).isEqualTo(c.ledger());
        // a semantic hit shows its project's name and the text of its best chunk
        JsonNode top = c.tenant().reader().get("/api/search?q=" + enc("hiring new staff") + "&mode=semantic").json().get("items").get(0);
        assertThat(top.get("name").asString()).isEqualTo("Hiring");
        assertThat(top.get("snippet").asString()).contains("Recruiting pipeline");
    }

    @Test
    void hybridFusesBothRankings() {
        var c = corpus();
        List<String> ids = ids(c.tenant().reader(), "q=" + enc("tax paperwork") + "&mode=hybrid&limit=3");
        assertThat(ids.getFirst()).isEqualTo(c.ledger());
        assertThat(ids(c.tenant().reader(), "q=" + enc("tax paperwork"))).isEqualTo(ids); // hybrid is the default
    }

    @Test
    void thresholdAndLimitCutResults() {
        var c = corpus();
        assertThat(ids(c.tenant().reader(), "q=kubernetes&mode=semantic&limit=1")).hasSize(1);
        JsonNode all = c.tenant().reader().get("/api/search?q=kubernetes%20nodes&mode=semantic").json().get("items");
        double best = all.get(0).get("score").asDouble();
        double second = all.get(1).get("score").asDouble();
        double between = (best + second) / 2;
        assertThat(ids(c.tenant().reader(), "q=kubernetes%20nodes&mode=semantic&threshold=" + between)).containsExactly(c.cluster());
    }

    @Test
    void statusAndMetaFilterInsideTheQuery() {
        var c = corpus();
        assertThat(ids(c.tenant().reader(), "q=team&mode=semantic&meta=" + enc("{\"category\":\"finance\"}"))).containsExactly(c.ledger());
        assertThat(ids(c.tenant().reader(), "q=books&mode=keyword&meta=" + enc("{\"tags\":[\"tax\"]}"))).containsExactly(c.ledger());
        assertThat(ids(c.tenant().reader(), "q=books&mode=hybrid&meta=" + enc("{\"category\":\"legal\"}"))).isEmpty();

        c.tenant().writer().patch("/api/projects/" + c.hiring(), "{\"status\":\"locked\"}");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                ids(c.tenant().reader(), "q=employees&mode=keyword&status=locked").equals(List.of(c.hiring())));
        assertThat(ids(c.tenant().reader(), "q=employees&mode=keyword&status=active")).isEmpty();

        c.tenant().writer().delete("/api/projects/" + c.cluster());
        await().atMost(Duration.ofSeconds(10)).until(() -> !ids(c.tenant().reader(), "q=kubernetes&mode=semantic").contains(c.cluster()));
    }

    @Test
    void updatesAreReflected() {
        var c = corpus();
        c.tenant().writer().put("/api/projects/" + c.hiring() + "/meta/summary", "\"Quantum chromodynamics lattice simulations\"");
        await().atMost(Duration.ofSeconds(10)).until(() -> ids(c.tenant().reader(), "q=chromodynamics&mode=keyword").contains(c.hiring()));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                ids(c.tenant().reader(), "q=" + enc("particle physics") + "&mode=semantic").getFirst().equals(c.hiring()));
    }

    @Test
    void neverReturnsAnotherTenantsProjects() {
        var c = corpus();
        var other = newTenant();
        for (String query : List.of("q=kubernetes&mode=semantic", "q=kubernetes&mode=keyword", "q=kubernetes",
                "q=books&meta=" + enc("{\"category\":\"finance\"}"), "q=books&status=active&threshold=-1&limit=100",
                "q=*&mode=keyword", "q=" + enc("tenant:" + c.tenant().id()) + "&mode=keyword")) {
            assertThat(ids(other.reader(), query)).as(query).isEmpty();
        }
        assertThat(other.reader().get("/api/projects/" + c.ledger() + "/similar").status()).isEqualTo(404);
    }

    @Test
    void similarProjectsExcludeItself() {
        var c = corpus();
        String payroll = aProject().named("Payroll").describedAs("Salary payments, payroll taxes and accounting for the finance team.")
                .createdBy(c.tenant().writer());
        await().atMost(Duration.ofSeconds(20)).until(() -> similar(c.tenant().reader(), c.ledger()).contains(payroll));
        List<String> similar = similar(c.tenant().reader(), c.ledger());
        assertThat(similar).doesNotContain(c.ledger());
        assertThat(similar.getFirst()).isEqualTo(payroll);
    }

    @Test
    void exactNameOrIdComesFirstInEveryMode() {
        var t = newTenant();
        String exact = aProject().withId("atlas-proj").named("Atlas").describedAs("Notes from the gardening club about roses and tulips.")
                .createdBy(t.writer());
        // a competitor the rankings prefer: its name and text repeat the query's word many times
        String rival = aProject().named("Atlas atlas maps").describedAs("Atlas atlas atlas: the world atlas, road atlas and star atlas. ".repeat(8))
                .createdBy(t.writer());
        await().atMost(Duration.ofSeconds(30)).until(() -> ids(t.reader(), "q=roses&mode=semantic").size() == 2);
        assertThat(ids(t.reader(), "q=world%20atlas&mode=keyword").getFirst()).as("the rival wins on words").isEqualTo(rival);
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            for (String q : List.of("Atlas", "atlas", "%20ATLAS%20", "atlas-proj", "ATLAS-PROJ")) {
                JsonNode items = t.reader().get("/api/search?q=" + q + "&mode=" + mode).json().get("items");
                assertThat(items.get(0).get("project_id").asString()).as(mode + " " + q).isEqualTo(exact);
                assertThat(items.get(0).get("matched_by").asString()).as(mode + " " + q).isEqualTo("exact");
                assertThat(ids(t.reader(), "q=" + q + "&mode=" + mode)).as(mode + " " + q).doesNotHaveDuplicates();
            }
        }
        // also when no ranking finds it, and never past the filters
        assertThat(ids(t.reader(), "q=atlas-proj&mode=semantic&threshold=0.99")).containsExactly(exact);
        assertThat(ids(t.reader(), "q=atlas&mode=keyword&limit=1")).containsExactly(exact);
        assertThat(ids(t.reader(), "q=atlas&mode=keyword&status=locked")).isEmpty();
        assertThat(ids(newTenant().reader(), "q=atlas-proj&mode=hybrid")).isEmpty();
        // a name that only contains the query is no exact match
        assertThat(t.reader().get("/api/search?q=atlas%20maps&mode=keyword").json().get("items").get(0).get("matched_by").asString())
                .isEqualTo("words");
    }

    @Test
    void eachHitSaysWhyItMatched() {
        var c = corpus();
        for (JsonNode hit : c.tenant().reader().get("/api/search?q=invoices%20tax&mode=keyword").json().get("items")) {
            assertThat(hit.get("matched_by").asString()).isEqualTo("words");
        }
        JsonNode semantic = c.tenant().reader().get("/api/search?q=" + enc("bookkeeping and money") + "&mode=semantic").json().get("items");
        assertThat(semantic).isNotEmpty();
        semantic.forEach(hit -> assertThat(hit.get("matched_by").asString()).isEqualTo("meaning"));
        JsonNode hybrid = c.tenant().reader().get("/api/search?q=" + enc("tax paperwork") + "&mode=hybrid").json().get("items");
        assertThat(hybrid).isNotEmpty();
        for (JsonNode hit : hybrid) {
            // only the ledger holds the word "tax"; every project is near in meaning to some degree
            String expected = hit.get("project_id").asString().equals(c.ledger()) ? "both" : "meaning";
            assertThat(hit.get("matched_by").asString()).as(hit.toString()).isEqualTo(expected);
        }
    }

    @Test
    void badInputIs400() {
        var t = newTenant();
        for (String query : List.of("", "q=", "q=%20%20", "q=" + "x".repeat(1001), "q=a&limit=0", "q=a&limit=101",
                "q=a&limit=abc", "q=a&mode=fuzzy", "q=a&threshold=2", "q=a&meta=" + enc("{bad"), "q=a&meta=" + enc("[]"),
                "q=a&status=deleted")) {
            Api.Response r = t.reader().get("/api/search?" + query);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        // Lucene syntax is not an injection vector: odd input is just text
        assertThat(t.reader().get("/api/search?q=" + enc("(((\"unbalanced AND OR NOT ~ ^ *:*") + "&mode=keyword").status()).isEqualTo(200);
    }

    static List<String> ids(Api api, String query) {
        Api.Response r = api.get("/api/search?" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.json().get("items").forEach(i -> ids.add(i.get("project_id").asString()));
        return ids;
    }

    private static List<String> similar(Api api, String id) {
        List<String> ids = new ArrayList<>();
        api.get("/api/projects/" + id + "/similar").json().get("items").forEach(i -> ids.add(i.get("project_id").asString()));
        return ids;
    }

    private static String enc(String s) {
        return ProjectsContract.enc(s);
    }
}
