package dev.almanac;

import dev.almanac.cli.AlmanacCli;
import dev.almanac.config.ServiceRole;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Every {@code @ConfigurationProperties} record of every module is registered by the scan below, so
 * a module declares its settings by writing the record and nothing else; docs/configuration.md lists
 * them all (generated from the processor's metadata by ConfigurationDocTest).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AlmanacApplication {
    public static void main(String[] args) {
        if (AlmanacCli.handles(args)) {
            System.exit(AlmanacCli.run(AlmanacApplication.class, args, Map.of()));
        }
        SpringApplication application = new SpringApplication(AlmanacApplication.class);
        application.setDefaultProperties(ServiceRole.resolve(args, System.getenv()).defaultProperties());
        CloseBeforeExit.install(application.run(args));
    }
}
