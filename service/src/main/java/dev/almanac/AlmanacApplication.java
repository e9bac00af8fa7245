package dev.almanac;

import dev.almanac.cli.AlmanacCli;
import dev.almanac.config.ServiceRole;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class AlmanacApplication {
    public static void main(String[] args) {
        if (AlmanacCli.handles(args)) {
            System.exit(AlmanacCli.run(AlmanacApplication.class, args, Map.of()));
        }
        SpringApplication application = new SpringApplication(AlmanacApplication.class);
        application.setDefaultProperties(ServiceRole.resolve(args, System.getenv()).defaultProperties());
        application.run(args);
    }
}
