package dev.almanac.web;

import dev.almanac.config.AlmanacProperties;
import org.springframework.stereotype.Component;

/** Validates {@code ?limit=}: default 50, at most 500 (configurable). */
@Component
public class PageLimit {
    private final int defaultSize;
    private final int maxSize;

    PageLimit(AlmanacProperties properties) {
        this.defaultSize = properties.limits().defaultPageSize();
        this.maxSize = properties.limits().maxPageSize();
    }

    public int resolve(Integer requested) {
        if (requested == null) return defaultSize;
        if (requested < 1 || requested > maxSize) {
            throw ApiException.invalidField("limit", "must be between 1 and " + maxSize);
        }
        return requested;
    }
}
