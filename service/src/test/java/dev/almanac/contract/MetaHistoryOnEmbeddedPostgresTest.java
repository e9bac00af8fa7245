package dev.almanac.contract;

import dev.almanac.testing.TestBackends;
import org.springframework.test.context.ContextConfiguration;

@ContextConfiguration(initializers = TestBackends.Embedded.class)
class MetaHistoryOnEmbeddedPostgresTest extends MetaHistoryContract {}
