package dev.almanac.cli;

import picocli.CommandLine.Command;

@Command(name = "almanac", mixinStandardHelpOptions = true, subcommands = {DefinitionsCommand.class, ProjectsCommand.class, SearchCommand.class, FilesCommand.class,
        BackupCommands.Backup.class, BackupCommands.Restore.class},
        description = "Almanac metadata service. Without a command, starts the web service.")
class AlmanacCommand {}
