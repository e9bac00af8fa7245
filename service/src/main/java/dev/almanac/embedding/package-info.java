/** Text to vectors: the in-process MiniLM model (default) or an OpenAI-compatible embeddings API. */
@ApplicationModule(allowedDependencies = {"background"})
package dev.almanac.embedding;

import org.springframework.modulith.ApplicationModule;
