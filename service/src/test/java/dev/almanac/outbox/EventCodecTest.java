package dev.almanac.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.definition.DefinitionChanged;
import dev.almanac.generation.JobFinished;
import dev.almanac.meta.MetaChanged;
import dev.almanac.meta.MetaDeleted;
import dev.almanac.meta.SuggestionCreated;
import dev.almanac.project.ProjectDeleted;
import dev.almanac.project.ProjectEvent;
import dev.almanac.project.ProjectUpdated;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Events survive the trip through the outbox, and rows written before events were typed still read. */
class EventCodecTest {
    private final EventCodec codec = new EventCodec();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void findsEveryEventRecordOfEveryModule() {
        assertThat(codec.types()).containsKeys("project.created", "project.updated", "project.deleted",
                "project.files_changed", "project.embedded", "meta.updated", "meta.put", "meta.deleted",
                "suggestion.created", "definition.created", "definition.updated", "definition.deleted",
                "tenant.created", "api_key.created", "api_key.revoked", "job.succeeded", "job.failed", "job.cancelled");
    }

    @Test
    void anEventReadsBackEqualToWhatWasWritten() {
        var updated = new ProjectUpdated("acme", "ledger", 3, "locked", List.of("status"),
                json.readTree("{\"id\":\"ledger\",\"status\":\"locked\"}"));
        assertThat(roundTrip(updated)).isEqualTo(updated);
        var suggestion = new SuggestionCreated("acme", "ledger", "tags", 2,
                json.readTree("{\"key\":\"tags\",\"value\":[\"books\"],\"provenance\":{\"confidence\":0.7}}"));
        assertThat(roundTrip(suggestion)).isEqualTo(suggestion);
        var deleted = new DefinitionChanged("acme", "definition.deleted", "view", "orders", 4, "abc", false, "delete");
        DomainEvent read = roundTrip(deleted);
        assertThat(read).isEqualTo(deleted);
        assertThat(read.eventType()).isEqualTo("definition.deleted");
        assertThat(read.aggregateId()).isEqualTo("view/orders");
    }

    @Test
    void rowsOfTheVersionBeforeTypedEventsStillRead() {
        // payloads exactly as the previous landed version wrote them (tenant only in its column)
        DomainEvent put = codec.decode("acme", "project", "ledger", "meta.put",
                "{\"project_id\":\"ledger\",\"key\":\"category\",\"version\":7}");
        assertThat(put).isInstanceOf(MetaChanged.class);
        assertThat(((MetaChanged) put).key()).isEqualTo("category");
        assertThat(((MetaChanged) put).projectId()).isEqualTo("ledger");
        assertThat(put.tenantId()).isEqualTo("acme");
        assertThat(put.eventType()).isEqualTo("meta.updated");

        DomainEvent gone = codec.decode("acme", "project", "ledger", "project.deleted",
                "{\"id\":\"ledger\",\"version\":4,\"status\":\"deleted\"}");
        assertThat(gone).isEqualTo(new ProjectDeleted("acme", "ledger", 4, "deleted", null));
        assertThat(((ProjectEvent) gone).changesProjectRow()).isTrue();

        DomainEvent created = codec.decode("acme", "definition", "view/orders", "definition.created",
                "{\"type\":\"view\",\"name\":\"orders\",\"version\":1,\"checksum\":\"c\",\"is_active\":true,\"change\":\"put\"}");
        assertThat(created.eventType()).isEqualTo("definition.created");
        assertThat(((DefinitionChanged) created).isActive()).isTrue();

        DomainEvent metaGone = codec.decode("acme", "project", "ledger", "meta.deleted",
                "{\"project_id\":\"ledger\",\"key\":\"summary\"}");
        assertThat(metaGone).isEqualTo(new MetaDeleted("acme", "ledger", "summary", null));
    }

    @Test
    void aTypeThisVersionDoesNotKnowIsKeptAsUnknownNotAFailure() {
        DomainEvent future = codec.decode("acme", "project", "ledger", "project.renamed_in_2030", "{\"x\":1}");
        assertThat(future).isEqualTo(new UnknownEvent("acme", "project", "ledger", "project.renamed_in_2030", "{\"x\":1}"));
        assertThat(future).isNotInstanceOf(ProjectEvent.class); // consumers that switch on types pass it by
    }

    @Test
    void anEventMustBeRegisteredAndUseOneOfItsNames() {
        assertThatThrownBy(() -> codec.encode(new UnknownEvent("acme", "x", "y", "z", "{}")))
                .hasMessageContaining("not a registered event");
        assertThatThrownBy(() -> codec.encode(new JobFinished("acme", "job.exploded", "p", "j", null)))
                .hasMessageContaining("not a registered event");
    }

    private DomainEvent roundTrip(DomainEvent event) {
        return codec.decode(event.tenantId(), event.aggregateType(), event.aggregateId(), event.eventType(), codec.encode(event));
    }
}
