package dev.almanac.web;

import org.apache.catalina.core.StandardHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Installs {@link ProblemReportValve} as the host's error report valve in place of Tomcat's HTML one. */
@Configuration(proxyBeanMethods = false)
class TomcatProblems {
    private static final Logger log = LoggerFactory.getLogger(TomcatProblems.class);

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            } else {
                log.warn("Tomcat's own error pages stay HTML: no host to install the problem+json report valve on");
            }
        });
    }
}
