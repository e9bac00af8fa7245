package dev.almanac.schedule;

import dev.almanac.web.Caller;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ScheduleController {
    private final ScheduleService schedules;

    ScheduleController(ScheduleService schedules) {
        this.schedules = schedules;
    }

    @GetMapping("/api/admin/schedules")
    Map<String, List<ScheduleService.View>> list(Caller caller) {
        return Map.of("items", schedules.list(caller));
    }
}
