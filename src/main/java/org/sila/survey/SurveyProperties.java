package org.sila.survey;

import java.time.Duration;
import java.util.Set;

import org.sila.channel.ChannelType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Satisfaction surveys, per association.
 *
 * @param onConversationResolved send a survey when a conversation is resolved
 * @param onServiceDelivered     send a survey when a request reaches "service delivered"
 * @param expiry                 how long a survey waits for its answer
 * @param commentWindow          after a score, how long the next message is taken as its comment
 * @param lowScore               a score at or below this opens a follow-up for a manager
 * @param skipChannels           channels a survey is never sent on (staff-logged ones and voice have no way to ask)
 */
@ConfigurationProperties("sila.survey")
public record SurveyProperties(
        @DefaultValue("true") boolean onConversationResolved,
        @DefaultValue("true") boolean onServiceDelivered,
        @DefaultValue("72h") Duration expiry,
        @DefaultValue("15m") Duration commentWindow,
        @DefaultValue("2") int lowScore,
        @DefaultValue({"VOICE", "WALK_IN", "LETTER", "FAX", "PHONE", "BRANCH_REP"}) Set<ChannelType> skipChannels) {
}
