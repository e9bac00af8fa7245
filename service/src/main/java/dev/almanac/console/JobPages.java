package dev.almanac.console;

import static dev.almanac.console.ProjectPages.blankToNull;
import static dev.almanac.console.ProjectPages.enc;

import dev.almanac.generation.Generation;
import dev.almanac.generation.GenerationJob;
import dev.almanac.generation.JobEvents;
import dev.almanac.generation.JobOperations;
import dev.almanac.schedule.ScheduleService;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The jobs page (admins; in the manner of Celery's Flower): the tenant's generation jobs by status
 * with their errors, retry and cancel (queued or running), paging, kept current while open, and the
 * schedules with their last and next runs.
 * Also the project page's live job stream.
 */
@Controller
class JobPages {
    static final int PAGE_SIZE = 25;

    private final JobOperations jobs;
    private final ScheduleService schedules;
    private final JobEvents events;
    private final Generation generation;

    JobPages(JobOperations jobs, ScheduleService schedules, JobEvents events, Generation generation) {
        this.jobs = jobs;
        this.schedules = schedules;
        this.events = events;
        this.generation = generation;
    }

    @GetMapping("/jobs")
    String list(Caller caller, @RequestParam(required = false) String status, @RequestParam(required = false) String project,
            @RequestParam(required = false) String cursor, Model model) {
        jobTable(caller, status, project, cursor, model);
        model.addAttribute("schedules", schedules.list(caller));
        return "console/jobs";
    }

    /**
     * The counts and the job table alone, same filter and page: what the jobs page fetches every
     * two seconds (htmx) to stay current while it is open. Without script the page is as it was
     * when loaded, and a reload shows the present.
     */
    @GetMapping("/jobs/live")
    String live(Caller caller, @RequestParam(required = false) String status, @RequestParam(required = false) String project,
            @RequestParam(required = false) String cursor, Model model) {
        jobTable(caller, status, project, cursor, model);
        return "console/jobs :: live";
    }

    private void jobTable(Caller caller, String status, String project, String cursor, Model model) {
        var page = jobs.list(caller, blankToNull(status), blankToNull(project), PAGE_SIZE, blankToNull(cursor));
        model.addAttribute("jobs", page.items());
        model.addAttribute("counts", jobs.countByStatus(caller));
        model.addAttribute("countCap", JobOperations.COUNT_CAP);
        model.addAttribute("status", status == null ? "" : status);
        model.addAttribute("project", project == null ? "" : project);
        model.addAttribute("allTenants", caller.role() == Role.SYSTEM);
        model.addAttribute("nextPage", page.nextCursor() == null ? null
                : query(status, project) + "&cursor=" + enc(page.nextCursor()));
        // the refresh asks for this very page again: same filter, same cursor
        model.addAttribute("liveUrl", "/jobs/live" + query(status, project).substring("/jobs".length())
                + (blankToNull(cursor) == null ? "" : "&cursor=" + enc(cursor)));
    }

    @PostMapping("/jobs/{job}/retry")
    String retry(Caller caller, @PathVariable String job, @RequestParam(required = false) String status,
            @RequestParam(required = false) String project) {
        jobs.retry(caller, parseJobId(job));
        return "redirect:" + query(status, project);
    }

    @PostMapping("/jobs/{job}/cancel")
    String cancel(Caller caller, @PathVariable String job, @RequestParam(required = false) String status,
            @RequestParam(required = false) String project) {
        jobs.cancel(caller, parseJobId(job));
        return "redirect:" + query(status, project);
    }

    /**
     * The project's job events (the stream {@code /api/projects/{id}/events} serves), for the
     * project page's script. With {@code job}, that job's state as it is now follows the opening,
     * so a job that changed before the stream opened is not missed; later changes arrive as events.
     */
    @GetMapping(value = "/projects/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter projectEvents(Caller caller, @PathVariable String id, @RequestParam(required = false) String job) throws IOException {
        GenerationJob current = job == null ? null : generation.job(caller, parseJobId(job));
        SseEmitter emitter = events.open(caller, id);
        if (current != null && current.projectId().equals(id)) {
            GenerationJob now = generation.job(caller, current.id()); // read after the stream opened: nothing falls between
            emitter.send(SseEmitter.event().name("job").data(eventOf(now), MediaType.APPLICATION_JSON));
        }
        return emitter;
    }

    private static Map<String, Object> eventOf(GenerationJob j) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("job_id", j.id().toString());
        data.put("project_id", j.projectId());
        data.put("status", j.status());
        data.put("attempts", j.attempts());
        data.put("error", j.error());
        return data;
    }

    private static String query(String status, String project) {
        return "/jobs?status=" + enc(blankToNull(status)) + "&project=" + enc(blankToNull(project));
    }

    static UUID parseJobId(String job) {
        try {
            return UUID.fromString(job);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Job '" + job + "'");
        }
    }
}
