package dev.almanac.cli;

import dev.almanac.search.SearchMaintenance;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "search", mixinStandardHelpOptions = true, subcommands = SearchCommand.Rebuild.class,
        description = "Maintain this instance's search index (under ALMANAC_DATA_DIR/index). Stop the service first.")
class SearchCommand {

    @Command(name = "rebuild", mixinStandardHelpOptions = true,
            description = "Rebuild the search index from the database; the service replays later changes when it starts.")
    static class Rebuild implements Callable<Integer> {
        private final SearchMaintenance search;

        Rebuild(SearchMaintenance search) {
            this.search = search;
        }

        @Override
        public Integer call() throws Exception {
            SearchMaintenance.Verification result = search.rebuild();
            System.out.printf("Search index rebuilt: %d projects indexed, %d live in the database%n", result.indexed(), result.live());
            return result.consistent() ? 0 : 1;
        }
    }
}
