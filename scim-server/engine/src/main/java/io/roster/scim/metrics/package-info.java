/**
 * Monitoring: the readiness state behind {@code /health}, and the Micrometer meters behind
 * {@code /metrics} (requests, the store's writer, store and background-job gauges, JVM and process).
 * No HTTP types here: the {@code http} edge serves what this package measures.
 */
package io.roster.scim.metrics;
