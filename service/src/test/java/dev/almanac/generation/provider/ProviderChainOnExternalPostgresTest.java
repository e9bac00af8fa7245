package dev.almanac.generation.provider;

import dev.almanac.testing.TestBackends;
import org.springframework.test.context.ContextConfiguration;

@ContextConfiguration(initializers = TestBackends.External.class)
class ProviderChainOnExternalPostgresTest extends ProviderChainContract {}
