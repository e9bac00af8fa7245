/**
 * Bulk import and export of projects with their metadata ({@code GET /api/projects/export},
 * {@code POST /api/projects/import}, the {@code projects} CLI command). Owns no table: every row
 * goes through the project and metadata modules' services, so an imported project is written,
 * logged and announced exactly as one created through the API.
 */
@ApplicationModule(allowedDependencies = {"audit", "meta", "project", "web"})
package dev.almanac.transfer;

import org.springframework.modulith.ApplicationModule;
