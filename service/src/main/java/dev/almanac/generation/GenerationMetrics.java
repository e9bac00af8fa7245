package dev.almanac.generation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/** The seed's Prometheus metrics, under the seed's names. */
@Component
class GenerationMetrics {
    static final String ALL_PROVIDERS_FAILED = "AllProvidersFailed";
    private final MeterRegistry registry;
    private final AtomicInteger inProgress = new AtomicInteger();
    private final Timer duration;
    private final DistributionSummary contentLength;
    private final DistributionSummary tagsCount;
    private final DistributionSummary summaryLength;

    GenerationMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("project_meta_generation_in_progress", inProgress);
        this.duration = Timer.builder("project_meta_generation_duration").description("Generation run duration")
                .publishPercentileHistogram().register(registry);
        this.contentLength = DistributionSummary.builder("project_meta_content_length_chars")
                .description("Characters of project content collected for a run").register(registry);
        this.tagsCount = DistributionSummary.builder("project_meta_tags_count").register(registry);
        this.summaryLength = DistributionSummary.builder("project_meta_summary_length_chars").register(registry);
        // present from the start, so a dashboard shows 0 rather than nothing
        generated("success", 0);
        generated("failure", 0);
        generated("cancelled", 0);
        for (String errorType : ERROR_TYPES) failures(errorType);
    }

    /**
     * The values of {@code error_type}: every provider failed, each API error a job can end with,
     * and {@code internal} for anything else. A fixed set, so each series exists (at 0) from the
     * start, as Prometheus practice asks, and the label cannot grow with exception class names.
     */
    static final java.util.List<String> ERROR_TYPES = java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(ALL_PROVIDERS_FAILED),
                    java.util.Arrays.stream(dev.almanac.web.ErrorCode.values()).map(c -> c.name().toLowerCase(java.util.Locale.ROOT)))
            .distinct().toList();

    private Counter failures(String errorType) {
        return Counter.builder("project_meta_generation_failures").tag("error_type", errorType).register(registry);
    }

    void started() {
        inProgress.incrementAndGet();
    }

    void finished(Duration took) {
        inProgress.decrementAndGet();
        duration.record(took);
    }

    void succeeded(int contentChars, int tags, int summaryChars) {
        generated("success", 1);
        contentLength.record(contentChars);
        tagsCount.record(tags);
        summaryLength.record(summaryChars);
    }

    /** A run whose job was cancelled while it ran: its result was thrown away. */
    void cancelled() {
        generated("cancelled", 1);
    }

    void failed(String errorType) {
        generated("failure", 1);
        failures(ERROR_TYPES.contains(errorType) ? errorType : "internal").increment();
    }

    private void generated(String outcome, int n) {
        Counter.builder("project_meta_generated").tag("outcome", outcome).register(registry).increment(n);
    }
}
