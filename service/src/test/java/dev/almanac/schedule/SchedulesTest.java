package dev.almanac.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Schedules on the external PostgreSQL (the many-instances case), in a schema of their own. This
 * context's own runner polls once an hour, so after start-up only the runners a test starts claim
 * anything. The same properties as {@code GenerationSchedulesTest}, so the two share one context.
 */
@ContextConfiguration(initializers = TestBackends.External.class)
@TestPropertySource(properties = {"almanac.schedules.nightly-generation.batch-size=2",
        "almanac.schedules.nightly-generation.batch-poll=100ms", "almanac.schedules.poll-interval=3600s",
        "almanac.backup.daily=true"})
class SchedulesTest extends ApiTestBase {
    @Autowired
    Schedules schedules;
    @Autowired
    List<ScheduledTask> tasks;
    @Autowired
    JdbcClient jdbc;
    @Value("${almanac.data.dir}")
    Path dataDir;

    /** Due per {@code cron}; a run takes 200 ms. */
    private record Sleeper(String name, String cron) implements ScheduledTask {
        public Duration maxDuration() {
            return Duration.ofSeconds(30);
        }

        public String run() throws InterruptedException {
            Thread.sleep(200);
            return "slept";
        }
    }

    /** Every run of some tasks, by runner, and whether two runs ever overlapped. */
    private static final class Runs {
        final List<String> who = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger concurrent = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();

        /** A runner as another instance would have, running {@code tasks} and recording their runs here. */
        ScheduleRunner runner(Schedules schedules, String name, List<ScheduledTask> tasks) {
            return new ScheduleRunner(schedules, tasks.stream().map(t -> recorded(name, t)).toList(), Duration.ofMillis(20));
        }

        private ScheduledTask recorded(String runner, ScheduledTask task) {
            return new ScheduledTask() {
                public String name() {
                    return task.name();
                }

                public String cron() {
                    return task.cron();
                }

                public Duration maxDuration() {
                    return task.maxDuration();
                }

                public String run() throws InterruptedException {
                    maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                    try {
                        return task.run();
                    } finally {
                        who.add(runner);
                        concurrent.decrementAndGet();
                    }
                }
            };
        }
    }

    @Test
    void twoInstancesOnOneDatabaseRunEachDueTimeOnce() {
        String name = "test-" + UUID.randomUUID().toString().substring(0, 8);
        List<ScheduledTask> everySecond = List.of(new Sleeper(name, "* * * * * *"));
        Runs runs = new Runs();
        ScheduleRunner a = runs.runner(schedules, "a", everySecond);
        ScheduleRunner b = runs.runner(schedules, "b", everySecond);
        Instant start = Instant.now();
        a.start();
        b.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> runs.who.size() >= 6);
        } finally {
            a.stop();
            b.stop();
        }
        long dueTimes = Duration.between(start, Instant.now()).toSeconds() + 1;
        assertThat(runs.who.size()).as("runs %s in %d due times", runs.who, dueTimes).isLessThanOrEqualTo((int) dueTimes);
        assertThat(runs.maxConcurrent.get()).isEqualTo(1);
        Schedules.State state = state(name);
        assertThat(state.runs()).isEqualTo(runs.who.size());
        assertThat(state.lastOutcome()).isEqualTo("succeeded");
        assertThat(state.lastDetail()).isEqualTo("slept");
        assertThat(state.nextRunAt()).isAfter(start);
        assertThat(state.runningOn()).isNull();
    }

    @Test
    void aDueDailyBackupIsWrittenByOneOfTwoInstances() throws IOException {
        List<ScheduledTask> backup = tasks.stream().filter(t -> t.name().equals("daily-backup")).toList();
        Runs runs = new Runs();
        ScheduleRunner a = runs.runner(schedules, "a", backup);
        ScheduleRunner b = runs.runner(schedules, "b", backup);
        long runsBefore = state("daily-backup").runs();
        a.start();
        b.start();
        try {
            // 03:00 has come (the row was registered when this context started)
            jdbc.sql("UPDATE schedules SET next_run_at = now() WHERE name = 'daily-backup'").update();
            await().atMost(Duration.ofSeconds(60)).until(() -> "succeeded".equals(state("daily-backup").lastOutcome()));
            // both keep polling a while: neither may start the same due time again
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> runs.who.size() == 1);
        } finally {
            a.stop();
            b.stop();
        }
        assertThat(runs.who).hasSize(1).containsAnyOf("a", "b");
        Schedules.State state = state("daily-backup");
        assertThat(state.runs()).isEqualTo(runsBefore + 1);
        assertThat(state.nextRunAt().atZone(ZoneOffset.UTC).getHour()).isEqualTo(3);
        assertThat(state.nextRunAt()).isAfter(Instant.now());
        try (Stream<Path> archives = Files.list(dataDir.resolve("backups"))) {
            List<Path> written = archives.toList();
            assertThat(written).hasSize(1);
            assertThat(state.lastDetail()).isEqualTo("written to " + written.get(0));
        }
    }

    @Test
    void aDisabledScheduleNeverRunsAndABadCronFailsAtStart() {
        String name = "test-" + UUID.randomUUID().toString().substring(0, 8);
        Runs runs = new Runs();
        ScheduleRunner runner = runs.runner(schedules, "a", List.of(new Sleeper(name, ScheduledTask.DISABLED)));
        runner.start();
        try {
            // a second runner with the same task enabled would register it within its first poll
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> schedules.all().stream().noneMatch(s -> s.name().equals(name)));
        } finally {
            runner.stop();
        }
        assertThat(runs.who).isEmpty();

        assertThatThrownBy(() -> new ScheduleRunner(schedules, List.of(new Sleeper(name, "every night")), Duration.ofSeconds(1)))
                .hasMessageContaining("not a cron expression");
        assertThatThrownBy(() -> new ScheduleRunner(schedules,
                List.of(new Sleeper(name, "* * * * * *"), new Sleeper(name, "0 * * * * *")), Duration.ofSeconds(1)))
                .hasMessageContaining("Two scheduled tasks are named '" + name + "'");
    }

    @Test
    void everyModulesSchedulesAreListedWithWhenTheyRunNext() {
        List<String> names = List.of("daily-backup", "nightly-generation", "staging-cleanup", "weekly-cleanup");
        await().atMost(Duration.ofSeconds(30)).until(() -> schedules.all().stream()
                .filter(s -> names.contains(s.name())).count() == names.size());
        JsonNode items = system.get("/api/admin/schedules").json().get("items");
        List<String> listed = new ArrayList<>();
        items.forEach(s -> listed.add(s.get("name").asString()));
        assertThat(listed).containsSubsequence(names);

        Instant nightly = nextRun(view(items, "nightly-generation"), "0 0 2 * * *");
        assertThat(nightly).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofHours(25)));
        assertThat(nightly.atZone(ZoneOffset.UTC).getHour()).isEqualTo(2);
        Instant backup = nextRun(view(items, "daily-backup"), "0 0 3 * * *");
        assertThat(backup.atZone(ZoneOffset.UTC).getHour()).isEqualTo(3);
        // planned when this context started; with its runner polling hourly it may be past by now
        Instant cleanup = nextRun(view(items, "staging-cleanup"), "0 */5 * * * *");
        assertThat(cleanup.atZone(ZoneOffset.UTC).getMinute() % 5).isZero();
        assertThat(cleanup.atZone(ZoneOffset.UTC).getSecond()).isZero();
    }

    private static Instant nextRun(JsonNode view, String cron) {
        assertThat(view.get("cron").asString()).isEqualTo(cron);
        assertThat(view.get("enabled_here").asBoolean()).isTrue();
        return Instant.parse(view.get("next_run_at").asString());
    }

    private static JsonNode view(JsonNode items, String name) {
        for (JsonNode s : items) {
            if (s.get("name").asString().equals(name)) return s;
        }
        throw new AssertionError("no schedule " + name + " in " + items);
    }

    private Schedules.State state(String name) {
        return schedules.all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
