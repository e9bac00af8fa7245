package dev.almanac.generation;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import dev.almanac.background.BackgroundSettings;
import dev.almanac.generation.local.LocalEmbeddings;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * After a start the local generator reads built-in documents while no job has come, and stops as
 * soon as a worker takes a real one; the job runs as usual.
 */
@ContextConfiguration(initializers = {TestBackends.Embedded.class, GenerationWarmUpTest.LongWarmUp.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the first runs before any job was taken
class GenerationWarmUpTest extends ApiTestBase {

    /** More documents than the test will wait for, so that only a job can end it. */
    static class LongWarmUp implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of("almanac.generation.warm-up-documents=10000").applyTo(context);
        }
    }

    @Autowired
    GenerationWarmUp warmUp;
    @Autowired
    LocalEmbeddings embeddings;
    @Autowired
    GenerationWorker worker;
    @Autowired
    GenerationSettings settings;
    @Autowired
    BackgroundSettings background;

    /** Shutting down waits for the document in progress: the JVM crashed when the model ran on at exit. */
    @Test
    @Order(1)
    void aStopWaitsForTheDocumentInProgress() {
        var another = new GenerationWarmUp(embeddings, worker, settings, background);
        another.start();
        another.startInBackground();
        await().atMost(Duration.ofSeconds(60)).until(() -> another.documentsRead() >= 1);
        another.stop();
        assertThat(another.result()).as("the reading thread has ended when stop returns").isNotNull();
        assertThat(another.result().cutShort()).isTrue();
        assertThat(another.isRunning()).isFalse();
    }

    @Test
    @Order(2)
    void readsBuiltInDocumentsUntilAJobComes() {
        await().atMost(Duration.ofSeconds(60)).until(() -> warmUp.documentsRead() >= 3);
        assertThat(warmUp.result()).as("still running: nothing came").isNull();

        var t = newTenant();
        String id = aProject().named("Quarterly close").describedAs("Closing the books: journal entries, accruals and the"
                + " reconciliation of every bank account before the quarterly financial report.").createdBy(t.writer());
        String jobId = t.writer().post("/api/projects/" + id + "/generate_metadata", null).json().get("job_id").asString();

        await().atMost(Duration.ofSeconds(60)).until(() -> warmUp.result() != null);
        GenerationWarmUp.Result result = warmUp.result();
        assertThat(result.cutShort()).isTrue();
        assertThat(result.documents()).isBetween(3, 9_999);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                t.reader().get("/api/jobs/" + jobId).json().get("status").asString().equals("succeeded"));
        assertThat(t.reader().get("/api/projects/" + id + "/meta/category").json().get("value").asString()).isEqualTo("finance");
    }

    @Test
    @Order(3)
    void itsDocumentsAllDifferAndJoinThreeDifferentParagraphs() {
        List<String> paragraphs = GenerationWarmUp.paragraphs();
        assertThat(paragraphs).hasSizeGreaterThan(20).allSatisfy(p -> assertThat(p).doesNotStartWith("#").isNotBlank());
        Set<String> documents = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            String document = GenerationWarmUp.document(paragraphs, i);
            long used = paragraphs.stream().filter(document::contains).count();
            assertThat(used).as("document %d", i).isEqualTo(3);
            documents.add(document.substring(document.indexOf('\n')));
        }
        assertThat(documents).as("distinct bodies among the first 300").hasSize(300);
    }
}
