package dev.almanac.console;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * Links in the console's templates are plain paths. Spring Boot turns on its resource chain because
 * springdoc brings webjars-locator-lite, and with it the {@link ResourceUrlEncodingFilter}, which asks
 * the classpath, for every {@code @{…}} link a template writes, whether it is a static file to
 * fingerprint; a page link never is, and misses are not cached. On the review inbox (100 suggestions,
 * five links each) that was 500 lookups in the jar and 1.7–9 s a page (bench/RESULTS-console.md). No
 * console page links a fingerprinted resource (htmx is linked with its version in the path), so the
 * filter is registered but disabled: this bean stands in for Boot's.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleLinks {
    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> resourceUrlEncodingFilter() {
        FilterRegistrationBean<ResourceUrlEncodingFilter> off = new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
        off.setEnabled(false);
        return off;
    }
}
