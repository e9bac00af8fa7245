package dev.almanac.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.OwnsTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

/**
 * {@code docs/modules.md}, the map of the modules (what each is, the tables it owns, what it uses,
 * as a diagram), is generated from the code and must match it. After changing a module, its
 * dependencies or its tables, write it anew with
 * {@code ./almanac mvn -q verify -Dtest=ModuleMapTest -Dalmanac.docs.write=true -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=NONE}.
 */
class ModuleMapTest {
    private static final Path MAP = Path.of("../docs/modules.md");
    private static final Path SOURCES = Path.of("src/main/java/dev/almanac");
    /** Everyone uses these two: their arrows would hide the rest of the picture. */
    private static final Set<String> KERNEL = Set.of("web", "config");
    private static final Pattern FIRST_SENTENCE = Pattern.compile("/\\*\\*\\s*(.*?)(?:\\.\\s|\\*/)", Pattern.DOTALL);

    @Test
    void theModuleMapInDocsIsTheOneTheCodeDraws() throws IOException {
        String drawn = draw(ModularityTest.modules());
        if (Boolean.getBoolean("almanac.docs.write")) Files.writeString(MAP, drawn);
        assertThat(Files.exists(MAP) ? Files.readString(MAP) : "")
                .as("docs/modules.md is out of date: regenerate it (see ModuleMapTest's comment)")
                .isEqualTo(drawn);
    }

    static String draw(ApplicationModules modules) throws IOException {
        StringBuilder md = new StringBuilder("""
                # Modules

                Generated from the code by `ModuleMapTest` (which fails when this page and the code disagree).
                Each module is a package under `dev.almanac`; its public types there are its API, everything else
                is internal. Its `package-info.java` says what it is, the modules it may use
                (`@ApplicationModule(allowedDependencies)`, checked by `ModularityTest`) and the tables it owns
                (`@OwnsTables`, checked by `TableOwnershipTest`: no other module's SQL names them).

                ```mermaid
                flowchart LR
                """);
        List<ApplicationModule> sorted = modules.stream().sorted((a, b) -> name(a).compareTo(name(b))).toList();
        for (ApplicationModule m : sorted) {
            if (KERNEL.contains(name(m))) continue;
            for (String target : uses(m, modules)) {
                if (!KERNEL.contains(target)) md.append("  ").append(name(m)).append(" --> ").append(target).append('\n');
            }
        }
        md.append("```\n\nArrows to the shared kernel (`web`, `config`) are left out of the picture; the table has them.\n\n")
                .append("| module | what it is | owns tables | uses |\n|---|---|---|---|\n");
        for (ApplicationModule m : sorted) {
            md.append("| `").append(name(m)).append("` | ").append(summary(name(m))).append(" | ")
                    .append(String.join(", ", owned(name(m)).stream().map(t -> "`" + t + "`").toList())).append(" | ")
                    .append(String.join(", ", uses(m, modules))).append(" |\n");
        }
        return md.toString();
    }

    private static String name(ApplicationModule m) {
        return m.getIdentifier().toString();
    }

    private static Set<String> uses(ApplicationModule m, ApplicationModules modules) {
        Set<String> targets = new TreeSet<>();
        m.getDirectDependencies(modules).stream().forEach(d -> targets.add(name(d.getTargetModule())));
        targets.remove(name(m));
        return targets;
    }

    private static Set<String> owned(String module) {
        try {
            OwnsTables owns = Class.forName("dev.almanac." + module + ".package-info").getAnnotation(OwnsTables.class);
            return owns == null ? Set.of() : new TreeSet<>(List.of(owns.value()));
        } catch (ClassNotFoundException e) {
            return Set.of();
        }
    }

    /** The first sentence of the module's package-info Javadoc, on one line. */
    private static String summary(String module) throws IOException {
        Path info = SOURCES.resolve(module).resolve("package-info.java");
        if (!Files.exists(info)) return "";
        Matcher m = FIRST_SENTENCE.matcher(Files.readString(info));
        if (!m.find()) return "";
        return m.group(1).replaceFirst("^\\*\\s*", "").replaceAll("\\s*\\n\\s*\\*\\s*", " ").replaceAll("\\{@(?:code|link) ([^}]*)}", "`$1`")
                .replace("|", "\\|").trim() + ".";
    }
}
