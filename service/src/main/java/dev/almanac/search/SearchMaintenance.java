package dev.almanac.search;

import dev.almanac.project.ProjectRef;
import dev.almanac.project.Projects;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/** Rebuilding and verifying this instance's index: used by the admin endpoints and the CLI. */
@Service
public class SearchMaintenance {
    private final IndexFollower follower;
    private final Projects projects;

    SearchMaintenance(IndexFollower follower, Projects projects) {
        this.follower = follower;
        this.projects = projects;
    }

    /** {@code duplicated}: projects with more than one project document (a change applied twice). */
    public record Verification(long indexed, long live, List<String> missing, List<String> extra, List<String> duplicated) {
        public boolean consistent() {
            return missing.isEmpty() && extra.isEmpty() && duplicated.isEmpty();
        }
    }

    /**
     * Rebuilds from the database, then merges the index into one segment: a rebuild is the bulk
     * load after which semantic queries gain most from it (measured in bench/RESULTS-search.md).
     */
    public Verification rebuild() throws IOException {
        follower.rebuild();
        follower.compact();
        return verify();
    }

    /** Live projects of every tenant against the index's project documents. */
    public Verification verify() throws IOException {
        List<String> documents = follower.indexedProjects();
        Set<String> indexed = new HashSet<>();
        List<String> duplicated = new ArrayList<>();
        for (String key : documents) {
            if (!indexed.add(key)) duplicated.add(key);
        }
        Set<String> live = new HashSet<>();
        ProjectRef after = null;
        for (List<ProjectRef> page; !(page = projects.scanLive(after, 1000)).isEmpty(); after = page.getLast()) {
            for (ProjectRef ref : page) live.add(ref.tenantId() + '\u0000' + ref.id());
        }
        List<String> missing = new ArrayList<>(live);
        missing.removeAll(indexed);
        List<String> extra = new ArrayList<>(indexed);
        extra.removeAll(live);
        return new Verification(documents.size(), live.size(), readable(missing), readable(extra), readable(duplicated));
    }

    private static List<String> readable(List<String> keys) {
        return keys.stream().sorted().limit(100).map(k -> k.replace('\u0000', '/')).toList();
    }
}
