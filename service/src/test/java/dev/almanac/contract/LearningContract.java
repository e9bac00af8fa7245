package dev.almanac.contract;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The local provider learns categories from a tenant's review (issue 15), through the real API:
 * categories accepted or written by people become examples, a rejection is respected, and nothing
 * crosses tenants. The taxonomy's descriptions say nothing about the documents (two offices), so
 * zero-shot can only guess; the examples decide.
 */
public abstract class LearningContract extends ApiTestBase {
    static final String TAXONOMY = """
            {"taxonomy": {"threshold": -1, "categories": [
              {"label": "north office", "description": "work done by the north office"},
              {"label": "south office", "description": "work done by the south office"}]}}""";
    static final List<String> LEDGERS = List.of(
            "The finance team closed the quarterly books. Revenue grew eight percent while operating expenses fell. "
                    + "Accounts receivable were reconciled against supplier invoices.",
            "Monthly accounting close: journal entries posted, bank statements reconciled, accruals booked and the "
                    + "trial balance reviewed by the controller.",
            "Budget review for the fiscal year: department spending against plan, forecast of cash flow, capital "
                    + "expenditure approvals and the tax provision.",
            "Invoices from suppliers are matched to purchase orders, approved for payment and recorded in the "
                    + "accounts payable ledger before the payment run.");
    static final List<String> HIKES = List.of(
            "The trail climbs through pine forest to an alpine lake. Hikers camp by the shore and watch the sunset "
                    + "over the ridge.",
            "A two-day trek along the coast: cliffs, sandy coves, a lighthouse and a campsite above the beach where "
                    + "walkers pitch their tents.",
            "Mountain hut guide: how to reach the summit path, where to refill water, and which huts serve dinner "
                    + "to hikers crossing the pass.",
            "Birdwatching walk through the wetlands at dawn: herons, kingfishers and marsh harriers along the "
                    + "boardwalk by the river.");
    static final String TARGET = "Year-end closing of the general ledger: depreciation is booked, intercompany "
            + "balances are reconciled and the auditors receive the financial statements with the notes.";

    @Test
    void acceptedExamplesTeachTheTenantRejectionsHoldAndNothingCrossesTenants() {
        var a = newTenant();
        var b = newTenant();
        for (var t : List.of(a, b)) assertThat(t.admin().put("/api/settings/ai", TAXONOMY).status()).isEqualTo(200);

        // cold start: zero-shot guesses for the target; the tenant's convention is the other office
        String zeroShot = category(a, generated(a, TARGET));
        String ledgerOffice = zeroShot.equals("north office") ? "south office" : "north office";
        String hikeOffice = zeroShot;
        assertThat(category(b, generated(b, TARGET))).as("same zero-shot guess in both tenants").isEqualTo(zeroShot);

        // people review: a right suggestion is accepted, a wrong one corrected by hand (edited)
        for (String text : LEDGERS) review(a, generated(a, text), ledgerOffice);
        for (String text : HIKES) review(a, generated(a, text), hikeOffice);

        String target = generated(a, TARGET);
        Api.Response learned = a.reader().get(meta(target, "category"));
        assertThat(learned.json().get("value").asString()).as("learned from the tenant's examples").isEqualTo(ledgerOffice);
        assertThat(learned.json().get("source").asString()).isEqualTo("ai");

        // a rejection is a negative signal: the rejected value is not suggested for this project again,
        // even by a forced run on the same input
        assertThat(a.writer().post(meta(target, "category") + "/reject", null).status()).isEqualTo(204);
        awaitJob(a.reader(), requestJob(a.writer(), target, true), "succeeded");
        assertThat(category(a, target)).isNotEqualTo(ledgerOffice);

        // tenant B has no examples: still the zero-shot guess, nothing of A's review reached it
        assertThat(category(b, generated(b, TARGET))).isEqualTo(zeroShot);
    }

    @Test
    void aShortInputGetsNoEchoedSummaryAndQualityStaysInProvenance() {
        var t = newTenant();
        String id = aProject().named("General ledger").describedAs("Monthly books").createdBy(t.writer());
        assertThat(t.writer().put(meta(id, "category"), "\"finance\"").status()).isEqualTo(201);
        awaitJob(t.reader(), requestJob(t.writer(), id, false), "succeeded");

        assertThat(t.reader().get(meta(id, "summary")).status()).as("nothing to summarize").isEqualTo(404);
        assertThat(t.reader().get(meta(id, "quality")).status()).as("quality is not for review").isEqualTo(404);
        Api.Response tags = t.reader().get(meta(id, "tags"));
        assertThat(tags.status()).isEqualTo(200);
        assertThat(tags.json().get("provenance").get("quality").isNumber()).isTrue();
        assertThat(tags.json().get("value").toString()).doesNotContain("category");
        // the input did not change: not due again
        Api.Response again = t.writer().post("/api/projects/" + id + "/generate_metadata/", null);
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
    }

    private void review(TenantKeys t, String projectId, String office) {
        Api.Response suggestion = t.reader().get(meta(projectId, "category"));
        if (suggestion.json().get("value").asString().equals(office)) {
            assertThat(t.writer().post(meta(projectId, "category") + "/accept", null).status()).isEqualTo(200);
        } else {
            assertThat(t.writer().put(meta(projectId, "category"), "\"" + office + "\"").status()).isEqualTo(200);
        }
    }

    private static String category(TenantKeys t, String projectId) {
        return t.reader().get(meta(projectId, "category")).json().get("value").asString();
    }

    private String generated(TenantKeys t, String text) {
        String id = aProject().named("Notes").describedAs(text).createdBy(t.writer());
        awaitJob(t.reader(), requestJob(t.writer(), id, false), "succeeded");
        return id;
    }

    private static String requestJob(Api writer, String projectId, boolean force) {
        Api.Response r = writer.post("/api/projects/" + projectId + "/generate_metadata/" + (force ? "?force=true" : ""), null);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.json().get("job_id").asString();
    }

    private static void awaitJob(Api api, String jobId, String status) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/jobs/" + jobId).json().get("status").asString().equals(status));
    }

    private static String meta(String projectId, String key) {
        return "/api/projects/" + projectId + "/meta/" + key;
    }
}
