package io.roster.scim.spi;

/**
 * Where a job stands, for the plugin to show its clients (licensing and dynamic groups write it into the
 * group's processing state).
 *
 * @param started   whether a step has run since it was last scheduled
 * @param processed items processed so far
 * @param total     items expected (0 when unknown)
 */
public record JobStatus(boolean started, long processed, long total) {
}
