package dev.almanac.generation.provider;

import dev.almanac.testing.TestBackends;
import org.springframework.test.context.ContextConfiguration;

@ContextConfiguration(initializers = TestBackends.Embedded.class)
class ProviderChainOnEmbeddedPostgresTest extends ProviderChainContract {}
