package org.sila.casework;

import java.time.Instant;

import org.sila.channel.ChannelType;

/**
 * The applicant's confirmation that the data is true and that they are responsible for it (the policy's
 * procedure, step 4), recorded with the exact wording they agreed to, when, and on which channel.
 */
public record Attestation(String statement, String answer, ChannelType channel, Instant at) {
}
