package dev.almanac.schedule;

import dev.almanac.background.BackgroundSettings;
import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * The schedules of this instance: every {@link ScheduledTask} bean of any module. They run only
 * where background work is on ({@code almanac.background.enabled}, off in CLI mode) and
 * {@code almanac.schedules.enabled} is not false; a task switches itself off on an instance with
 * {@link ScheduledTask#DISABLED} (the generation tasks where {@code almanac.generation.enabled=false},
 * the daily backup unless {@code almanac.backup.daily=true}).
 */
@Service
public class ScheduleService implements SmartLifecycle {
    private final Schedules schedules;
    private final List<ScheduledTask> tasks;
    private final boolean enabled;
    private final ScheduleRunner runner;

    ScheduleService(Schedules schedules, List<ScheduledTask> tasks,
            ScheduleSettings settings, BackgroundSettings background) {
        this.schedules = schedules;
        this.tasks = tasks.stream().sorted(Comparator.comparing(ScheduledTask::name)).toList(); // listed by name
        this.enabled = settings.enabled() && background.enabled();
        this.runner = new ScheduleRunner(schedules, tasks, settings.pollInterval());
    }

    /** What {@code GET /api/admin/schedules} shows: each schedule, as stored and as configured here. */
    public record View(String name, String cron, boolean enabledHere, Instant nextRunAt, Instant lastStartedAt,
            Instant lastFinishedAt, String lastOutcome, String lastDetail, String runningOn, long runs) {}

    public List<View> list(Caller caller) {
        caller.require(Role.ADMIN);
        Map<String, Schedules.State> stored = schedules.all().stream()
                .collect(Collectors.toMap(Schedules.State::name, Function.identity()));
        List<View> views = new ArrayList<>();
        for (ScheduledTask t : tasks) {
            Schedules.State s = stored.get(t.name());
            boolean here = enabled && !ScheduledTask.DISABLED.equals(t.cron());
            views.add(s == null
                    ? new View(t.name(), t.cron(), here, null, null, null, null, null, null, 0)
                    : new View(t.name(), s.cron(), here, s.nextRunAt(), s.lastStartedAt(), s.lastFinishedAt(),
                            s.lastOutcome(), s.lastDetail(), s.runningOn(), s.runs()));
        }
        return views;
    }

    @Override
    public boolean isAutoStartup() {
        return enabled;
    }

    @Override
    public void start() {
        runner.start();
    }

    @Override
    public void stop() {
        runner.stop();
    }

    @Override
    public boolean isRunning() {
        return runner.isRunning();
    }
}
