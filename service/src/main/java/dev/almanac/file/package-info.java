/**
 * Files of projects: streamed uploads into the content store, staging with expiry, text extraction
 * and table profiles (fed to generation and search through {@code ProjectContentSource}),
 * reconciliation of rows and content, backup and restore of the whole installation.
 */
@ApplicationModule(allowedDependencies = {"audit", "config", "database", "outbox", "project", "schedule", "web"})
@OwnsTables({"files"})
package dev.almanac.file;

import dev.almanac.OwnsTables;
import org.springframework.modulith.ApplicationModule;
