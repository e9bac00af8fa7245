package dev.almanac.contract;

import dev.almanac.client.AlmanacClient;
import dev.almanac.contract.door.ClientDoor;
import dev.almanac.contract.door.Door;
import dev.almanac.testing.Api;
import dev.almanac.testing.TestBackends;
import java.time.Duration;
import org.springframework.test.context.ContextConfiguration;

/** {@link CrudContract} through the Java client ({@code almanac-client}). */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
class CrudThroughClientTest extends CrudContract {
    @Override
    protected Door door(Api keyed) {
        return new ClientDoor(AlmanacClient.builder("http://127.0.0.1:" + port, keyed.bearer())
                .requestTimeout(Duration.ofSeconds(60)).pageSize(3).build());
    }
}
