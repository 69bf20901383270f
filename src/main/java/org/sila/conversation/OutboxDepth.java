package org.sila.conversation;

import java.time.Instant;

/** The outbox as an operator sees it: how many messages wait to be sent, and since when the oldest (or null). */
public record OutboxDepth(long queued, Instant oldestCreatedAt) {
}
