/**
 * Operations: what a system administrator sees of the hub. The one-line startup summary, the store's health,
 * Prometheus metrics of the pipeline (messages, outbox, bot outcomes; provider calls are measured where they are
 * routed, in {@code channel}), and who may read the actuator endpoints.
 */
package org.sila.ops;
