/** The Java client of Almanac's HTTP API. */
package dev.almanac.client;
