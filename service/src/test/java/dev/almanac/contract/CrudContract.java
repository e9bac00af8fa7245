package dev.almanac.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.almanac.contract.door.Door;
import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One CRUD contract for projects, metadata and definitions, run through two doors: plain HTTP
 * ({@link CrudThroughHttpTest}) and the Java client ({@link CrudThroughClientTest}), so the client
 * is held to what the API promises (Unity Catalog runs its CRUD tests through the SDK and the CLI
 * the same way). Each door lists with pages of three, so every list here spans pages.
 */
abstract class CrudContract extends ApiTestBase {

    /** The door a key opens: the same service, reached one way or the other. */
    protected abstract Door door(Api keyed);

    private static JsonNode json(String text) {
        return Api.JSON.readTree(text);
    }

    private static int refusal(Runnable call) {
        Door.Refused refused = catchThrowableOfType(Door.Refused.class, call::run);
        assertThat(refused).as("refused").isNotNull();
        return refused.status();
    }

    @Test
    void projectsAreCreatedReadListedPatchedAndSoftDeleted() {
        var t = newTenant();
        Door writer = door(t.writer());
        Door reader = door(t.reader());
        Door.Project ledger = writer.createProject("ledger", "Ledger", "Books");
        assertThat(ledger.version()).isEqualTo(1);
        assertThat(ledger.status()).isEqualTo("active");
        for (int i = 0; i < 6; i++) writer.createProject("p-" + i, "Project " + i, null);
        assertThat(reader.getProject("ledger").description()).isEqualTo("Books");

        assertThat(reader.listProjects(null, null)).extracting(Door.Project::id).hasSize(7).isSorted().contains("ledger", "p-5");
        assertThat(reader.listProjects(null, "ledger")).extracting(Door.Project::id).containsExactly("ledger");

        Door.Project renamed = writer.patchProject("ledger", Map.of("name", "General ledger"), 1L);
        assertThat(renamed.name()).isEqualTo("General ledger");
        assertThat(renamed.version()).isEqualTo(2);
        assertThat(refusal(() -> writer.patchProject("ledger", Map.of("name", "Stale"), 1L))).isEqualTo(412);
        assertThat(reader.getProject("ledger").name()).isEqualTo("General ledger");

        writer.deleteProject("p-0");
        assertThat(reader.getProject("p-0").status()).isEqualTo("deleted");
        assertThat(reader.listProjects(null, null)).extracting(Door.Project::id).doesNotContain("p-0");
        assertThat(reader.listProjects("deleted", null)).extracting(Door.Project::id).containsExactly("p-0");
    }

    @Test
    void projectRefusalsCarryTheirStatus() {
        var t = newTenant();
        Door writer = door(t.writer());
        writer.createProject("dup", "Dup", null);
        assertThat(refusal(() -> writer.createProject("dup", "Again", null))).isEqualTo(409);
        assertThat(refusal(() -> writer.getProject("nope"))).isEqualTo(404);
        assertThat(refusal(() -> writer.createProject("bad id!", "Bad", null))).isEqualTo(400);
        assertThat(refusal(() -> door(t.reader()).createProject("mine", "Mine", null))).isEqualTo(403);
        assertThat(refusal(() -> door(newTenant().reader()).getProject("dup"))).isEqualTo(404);
    }

    @Test
    void metadataIsPutVersionedListedAndDeleted() {
        var t = newTenant();
        Door writer = door(t.writer());
        writer.createProject("m", "M", null);
        Door.Meta first = writer.putMeta("m", "owner", json("\"ann\""), null);
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.source()).isEqualTo("user");
        Door.Meta second = writer.putMeta("m", "owner", json("[\"ann\",\"bob\"]"), 1L);
        assertThat(second.version()).isEqualTo(2);
        assertThat(refusal(() -> writer.putMeta("m", "owner", json("\"eve\""), 1L))).isEqualTo(412);
        assertThat(door(t.reader()).getMeta("m", "owner").value()).isEqualTo(json("[\"ann\",\"bob\"]"));

        for (String key : List.of("e", "d", "c", "b", "a")) writer.putMeta("m", key, json("{\"n\":1}"), null);
        assertThat(door(t.reader()).listMeta("m")).extracting(Door.Meta::key).containsExactly("a", "b", "c", "d", "e", "owner");

        writer.deleteMeta("m", "owner");
        assertThat(refusal(() -> writer.getMeta("m", "owner"))).isEqualTo(404);
        assertThat(refusal(() -> writer.deleteMeta("m", "owner"))).isEqualTo(404);
        assertThat(refusal(() -> writer.putMeta("absent", "k", json("1"), null))).isEqualTo(404);
        assertThat(refusal(() -> door(t.reader()).putMeta("m", "k", json("1"), null))).isEqualTo(403);
    }

    @Test
    void aLockedProjectRefusesMetadataUntilUnlocked() {
        var t = newTenant();
        Door writer = door(t.writer());
        writer.createProject("l", "L", null);
        writer.patchProject("l", Map.of("status", "locked"), null);
        assertThat(refusal(() -> writer.putMeta("l", "k", json("1"), null))).isEqualTo(409);
        writer.patchProject("l", Map.of("status", "active"), null);
        assertThat(writer.putMeta("l", "k", json("1"), null).version()).isEqualTo(1);
    }

    @Test
    void definitionsAreVersionedOnlyWhenTheirDataChanges() {
        var t = newTenant();
        Door writer = door(t.writer());
        Door reader = door(t.reader());
        Door.Definition first = writer.putDefinition("view", "orders", json("{\"columns\":[\"id\"]}"), List.of("sales"), null);
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.tags()).containsExactly("sales");
        assertThat(writer.putDefinition("view", "orders", json("{\"columns\":[\"id\"]}"), List.of("sales"), null).version())
                .isEqualTo(1);
        Door.Definition second = writer.putDefinition("view", "orders", json("{\"columns\":[\"id\",\"total\"]}"), null, 1L);
        assertThat(second.version()).isEqualTo(2);
        assertThat(refusal(() -> writer.putDefinition("view", "orders", json("{}"), null, 1L))).isEqualTo(412);

        assertThat(reader.getDefinition("view", "orders", null).data().get("columns")).hasSize(2);
        assertThat(reader.getDefinition("view", "orders", 1L).data().get("columns")).hasSize(1);
        assertThat(reader.definitionVersions("view", "orders")).containsExactly(2L, 1L);
        for (String name : List.of("a", "b", "c", "d")) writer.putDefinition("view", name, json("{\"x\":1}"), null, null);
        assertThat(reader.listDefinitions("view")).extracting(Door.Definition::name).containsExactly("a", "b", "c", "d", "orders");
    }

    @Test
    void aDeletedDefinitionIsInactiveAndKeepsItsHistory() {
        var t = newTenant();
        Door writer = door(t.writer());
        writer.putDefinition("view", "gone", json("{\"x\":1}"), null, null);
        writer.deleteDefinition("view", "gone");
        Door.Definition read = door(t.reader()).getDefinition("view", "gone", null);
        assertThat(read.active()).isFalse();
        assertThat(read.version()).isEqualTo(2);
        assertThat(door(t.reader()).listDefinitions("view")).isEmpty();
        assertThat(door(t.reader()).definitionVersions("view", "gone")).containsExactly(2L, 1L);
        assertThat(refusal(() -> writer.deleteDefinition("view", "never"))).isEqualTo(404);
        assertThat(refusal(() -> door(t.reader()).putDefinition("view", "x", json("{}"), null, null))).isEqualTo(403);
        assertThat(refusal(() -> door(newTenant().reader()).getDefinition("view", "gone", null))).isEqualTo(404);
    }
}
