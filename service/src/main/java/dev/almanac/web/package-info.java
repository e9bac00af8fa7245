/**
 * The shared request kernel every module uses: the caller and its role, problem+json errors, pages
 * and cursors, ETags, request ids, body limits. Knows no feature module.
 */
@ApplicationModule(allowedDependencies = {"config"})
package dev.almanac.web;

import org.springframework.modulith.ApplicationModule;
