package dev.almanac.cli;

import dev.almanac.tenancy.Tenants;
import dev.almanac.transfer.ProjectExport;
import dev.almanac.transfer.ProjectImport;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "projects", mixinStandardHelpOptions = true,
        subcommands = {ProjectsCommand.Import.class, ProjectsCommand.Export.class},
        description = {
            "Bulk import and export of projects with their metadata (CSV or JSON lines), as POST /api/projects/import",
            "and GET /api/projects/export do. Uses the service's database (stop the service first with the embedded one)."})
class ProjectsCommand {

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Imports FILE (.csv, or .jsonl / .ndjson) into a tenant. A row names its project by 'id',",
                "or by 'name' when there is no id; re-importing the same file changes nothing.",
                "Exit code 0 imported (best_effort: even with failed rows, listed), 1 refused or failed."})
    static class Import implements Callable<Integer> {
        private final ProjectImport importer;
        private final Tenants tenants;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--tenant", defaultValue = Caller.DEFAULT_TENANT, description = "Tenant (default: ${DEFAULT-VALUE}).")
        String tenant;

        @Option(names = "--mode", defaultValue = "atomic",
                description = "atomic (all rows or none) or best_effort (good rows, bad ones listed). Default: ${DEFAULT-VALUE}.")
        String mode;

        Import(ProjectImport importer, Tenants tenants) {
            this.importer = importer;
            this.tenants = tenants;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (InputStream in = Files.newInputStream(file)) {
                String missing = CliCaller.missingTenant(tenants, tenant);
                if (missing != null) {
                    err.println(missing);
                    return 1;
                }
                String name = file.getFileName().toString().toLowerCase();
                String type = name.endsWith(".jsonl") || name.endsWith(".ndjson") ? "application/x-ndjson" : "text/csv";
                ProjectImport.Report r = importer.run(CliCaller.of(tenant), ProjectImport.Mode.parse(mode), type, in);
                r.errors().forEach(e -> err.println("row " + e.row() + ": " + e.message()));
                out.println(String.format("%d rows: %d created, %d updated, %d unchanged, %d failed", r.rows(), r.created(),
                        r.updated(), r.unchanged(), r.failed()));
                return 0;
            } catch (ApiException e) {
                err.println("Import failed, nothing was imported: " + e.getMessage());
                e.errors().forEach(f -> err.println("  " + f.field() + ": " + f.message()));
                return 1;
            } catch (IOException e) {
                err.println("Cannot read " + file + ": " + e.getMessage());
                return 1;
            } finally {
                out.flush();
                err.flush();
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Writes a tenant's projects with their metadata values to FILE (or standard output).")
    static class Export implements Callable<Integer> {
        private final ProjectExport export;
        private final Tenants tenants;

        @Spec
        CommandSpec spec;

        @Option(names = "--output", description = "File to write (default: standard output).")
        Path output;

        @Option(names = "--format", defaultValue = "csv", description = "csv or jsonl (default: ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--status", description = "active, locked or deleted (default: active and locked).")
        String status;

        @Option(names = "--tenant", defaultValue = Caller.DEFAULT_TENANT, description = "Tenant (default: ${DEFAULT-VALUE}).")
        String tenant;

        Export(ProjectExport export, Tenants tenants) {
            this.export = export;
            this.tenants = tenants;
        }

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            String missing = CliCaller.missingTenant(tenants, tenant);
            if (missing != null) {
                err.println(missing);
                err.flush();
                return 1;
            }
            try {
                ProjectExport.Format chosen = ProjectExport.Format.parse(format);
                var selection = new ProjectExport.Selection(status, null, List.of());
                if (output == null) {
                    OutputStream stdout = new OutputStream() { // through picocli's writer, so tests and pipes see it
                        @Override
                        public void write(int b) {
                            throw new UnsupportedOperationException();
                        }

                        @Override
                        public void write(byte[] b, int off, int len) {
                            spec.commandLine().getOut().write(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8));
                        }
                    };
                    export.write(CliCaller.of(tenant), selection, chosen, stdout);
                    spec.commandLine().getOut().flush();
                } else {
                    try (OutputStream file = Files.newOutputStream(output)) {
                        export.write(CliCaller.of(tenant), selection, chosen, file);
                    }
                }
                return 0;
            } catch (ApiException e) {
                err.println("Export failed: " + e.getMessage());
                err.flush();
                return 1;
            }
        }
    }
}
