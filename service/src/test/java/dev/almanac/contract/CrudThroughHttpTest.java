package dev.almanac.contract;

import dev.almanac.contract.door.Door;
import dev.almanac.contract.door.HttpDoor;
import dev.almanac.testing.Api;
import dev.almanac.testing.TestBackends;
import org.springframework.test.context.ContextConfiguration;

/** {@link CrudContract} over plain HTTP. */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
class CrudThroughHttpTest extends CrudContract {
    @Override
    protected Door door(Api keyed) {
        return new HttpDoor(keyed);
    }
}
