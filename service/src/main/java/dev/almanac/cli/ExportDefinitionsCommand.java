package dev.almanac.cli;

import dev.almanac.definition.DefinitionExport;
import dev.almanac.definition.DefinitionFile;
import dev.almanac.tenancy.Tenants;
import dev.almanac.web.Caller;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes every stored definition of a tenant to DIR/<type>/<name>.<yaml|json>.",
            "Output is deterministic (sorted keys, fixed header, trailing newline) and records each definition's "
                    + "version and checksum, so a later import can detect changes made in the database meanwhile."})
class ExportDefinitionsCommand implements Callable<Integer> {
    private final DefinitionExport export;
    private final Tenants tenants;

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Directory to write to.")
    Path output;

    @Option(names = "--format", defaultValue = "yaml", paramLabel = "yaml|json",
            description = "File format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--tenant", defaultValue = Caller.DEFAULT_TENANT, description = "Tenant (default: ${DEFAULT-VALUE}).")
    String tenant;

    ExportDefinitionsCommand(DefinitionExport export, Tenants tenants) {
        this.export = export;
        this.tenants = tenants;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DefinitionFile.Format chosen = switch (format) {
            case "yaml", "yml" -> DefinitionFile.Format.YAML;
            case "json" -> DefinitionFile.Format.JSON;
            default -> null;
        };
        if (chosen == null) {
            err.println("--format must be yaml or json, not '" + format + "'");
            return 2;
        }
        String missing = CliCaller.missingTenant(tenants, tenant);
        if (missing != null) {
            err.println(missing);
            return 1;
        }
        var written = export.export(tenant, output, chosen);
        written.forEach(e -> out.println("exported " + e.type() + "/" + e.name() + " (version " + e.version() + ")"));
        out.println(written.size() + " definition(s) of tenant '" + tenant + "' written to " + output.toAbsolutePath().normalize());
        out.flush();
        return 0;
    }
}
