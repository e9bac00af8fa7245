package dev.almanac.contract;

import dev.almanac.testing.TestBackends;
import org.springframework.test.context.ContextConfiguration;

@ContextConfiguration(initializers = TestBackends.External.class)
class MetaHistoryOnExternalPostgresTest extends MetaHistoryContract {}
