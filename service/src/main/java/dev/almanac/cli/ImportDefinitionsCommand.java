package dev.almanac.cli;

import dev.almanac.definition.DefinitionImport;
import dev.almanac.definition.DefinitionImport.Action;
import dev.almanac.tenancy.Tenants;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Reads DIR/<type>/<name>.<yaml|yml|json> into a tenant's database (source 'migration').",
            "Prints what it will create, update or leave unchanged. A definition changed in the database since it "
                    + "was exported is a conflict: the whole import is refused unless --force.",
            "All or nothing: one transaction. Exit code 0 done, 1 refused or failed."})
class ImportDefinitionsCommand implements Callable<Integer> {
    private final DefinitionImport importer;
    private final Tenants tenants;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Directory written by 'definitions export' (or by hand).")
    Path dir;

    @Option(names = "--tenant", defaultValue = Caller.DEFAULT_TENANT, description = "Tenant (default: ${DEFAULT-VALUE}).")
    String tenant;

    @Option(names = "--dry-run", description = "Only print the plan.")
    boolean dryRun;

    @Option(names = "--force", description = "Overwrite definitions changed in the database since the export.")
    boolean force;

    ImportDefinitionsCommand(DefinitionImport importer, Tenants tenants) {
        this.importer = importer;
        this.tenants = tenants;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String missing = CliCaller.missingTenant(tenants, tenant);
            if (missing != null) {
                err.println(missing);
                return 1;
            }
            DefinitionImport.Plan plan = dryRun ? importer.plan(tenant, dir) : importer.apply(CliCaller.of(tenant), dir, force);
            print(out, plan);
            long conflicts = plan.count(Action.CONFLICT);
            if (conflicts > 0 && !force) {
                err.println("Refused: " + conflicts + " definition(s) changed in the database since they were exported"
                        + " (see CONFLICT above). Nothing was imported. Export again and merge your edits, or re-run with"
                        + " --force to overwrite the database's changes.");
                return 1;
            }
            out.println(dryRun ? "Dry run: nothing was imported." : "Imported into tenant '" + tenant + "'.");
            return 0;
        } catch (ApiException e) {
            err.println("Import failed, nothing was imported: " + e.getMessage());
            e.errors().forEach(f -> err.println("  " + f.field() + ": " + f.message()));
            return 1;
        } catch (IOException e) {
            err.println("Import failed, nothing was imported: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private void print(PrintWriter out, DefinitionImport.Plan plan) {
        for (DefinitionImport.Item item : plan.items()) {
            String action = item.action() == Action.CONFLICT && force ? "update (forced)" : item.action().name().toLowerCase();
            if (item.action() == Action.CONFLICT && !force) action = "CONFLICT";
            out.println(String.format("%-16s %s%s", action, item.key(), item.reason() == null ? "" : ": " + item.reason()));
        }
        out.println(String.format("%d to create, %d to update, %d unchanged, %d conflict(s)%s", plan.count(Action.CREATE),
                plan.count(Action.UPDATE), plan.count(Action.UNCHANGED), plan.count(Action.CONFLICT),
                force && plan.count(Action.CONFLICT) > 0 ? " (forced)" : ""));
    }
}
