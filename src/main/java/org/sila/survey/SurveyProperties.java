package org.sila.survey;

import java.time.Duration;
import java.util.Set;

import org.sila.association.AssociationProfile.SurveyPolicy;
import org.sila.channel.ChannelType;

/**
 * Satisfaction surveys: the association's policy (its profile's {@code survey}) and the channels that cannot carry
 * one.
 *
 * @param onConversationResolved send a survey when a conversation is resolved
 * @param onServiceDelivered     send a survey when a request reaches "service delivered"
 * @param expiry                 how long a survey waits for its answer
 * @param commentWindow          after a score, how long the next message is taken as its comment
 * @param lowScore               a score at or below this opens a follow-up for a manager
 * @param skipChannels           channels a survey is never sent on (staff-logged ones and voice have no way to ask)
 */
public record SurveyProperties(boolean onConversationResolved, boolean onServiceDelivered, Duration expiry,
                               Duration commentWindow, int lowScore, Set<ChannelType> skipChannels) {

    static final Set<ChannelType> NO_WAY_TO_ASK = Set.of(ChannelType.VOICE, ChannelType.WALK_IN, ChannelType.LETTER,
            ChannelType.FAX, ChannelType.PHONE, ChannelType.BRANCH_REP);

    static SurveyProperties of(SurveyPolicy policy) {
        return new SurveyProperties(policy.onConversationResolved(), policy.onServiceDelivered(), policy.expiry(),
                policy.commentWindow(), policy.lowScore(), NO_WAY_TO_ASK);
    }
}
