package dev.almanac.cli;

import picocli.CommandLine.Command;

@Command(name = "definitions", mixinStandardHelpOptions = true,
        subcommands = {ExportDefinitionsCommand.class, ImportDefinitionsCommand.class},
        description = {
            "Export definitions to files for version control, and import them back.",
            "Uses the same database as the service (ALMANAC_DATABASE_URL, or the embedded one under ALMANAC_DATA_DIR).",
            "With the embedded database, stop the service first: only one process can use a data directory."})
class DefinitionsCommand {}
