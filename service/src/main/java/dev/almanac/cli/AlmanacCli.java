package dev.almanac.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

/**
 * The command-line side of Almanac: {@code java -jar almanac.jar definitions export …}. The same
 * application context as the service — same DataSource, same ALMANAC_DATA_DIR / ALMANAC_DATABASE_URL
 * — but without a web server, then one picocli command, then exit with its code.
 */
public final class AlmanacCli {
    private static final Set<String> COMMANDS = Set.of("definitions", "projects", "search", "files", "backup", "restore");

    private AlmanacCli() {}

    /** Whether these arguments name a CLI command rather than start the service. */
    public static boolean handles(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    /** Starts the context, runs the command, closes the context; returns the exit code. */
    public static int run(Class<?> application, String[] args, Map<String, Object> extraProperties) {
        SpringApplication app = new SpringApplication(application);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        Map<String, Object> defaults = new HashMap<>();
        // The command's output is the point; the framework's start-up chatter is not.
        defaults.put("logging.level.root", "WARN");
        // A command runs and exits: no outbox consumers, no index follower, no backfill.
        defaults.put("almanac.background.enabled", "false");
        defaults.put("logging.level.dev.almanac.tenancy", "INFO"); // a generated admin key must still be shown
        defaults.putAll(extraProperties);
        app.setDefaultProperties(defaults);
        try (ConfigurableApplicationContext context = app.run()) {
            return commandLine(context).execute(args);
        } catch (RuntimeException e) {
            System.err.println("almanac: could not start: " + rootMessage(e));
            return 2;
        }
    }

    /** The picocli command tree, its commands built by Spring so that they get the module services. */
    public static CommandLine commandLine(ApplicationContext context) {
        CommandLine.IFactory fallback = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type.getPackageName().equals(AlmanacCli.class.getPackageName())
                        ? context.getAutowireCapableBeanFactory().createBean(type)
                        : fallback.create(type);
            }
        };
        return new CommandLine(AlmanacCommand.class, factory);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
