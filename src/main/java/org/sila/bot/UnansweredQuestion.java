package org.sila.bot;

import java.time.Instant;
import java.util.List;

import org.sila.channel.ChannelType;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A question the bot did not answer, for editors to turn into knowledge-base examples: what was asked, what the
 * matcher thought ({@code kind}: UNSURE, UNKNOWN or OUT_OF_SCOPE) and its best guesses. The measurement centre
 * counts alike questions together by {@code key}, the text with its spelling folded.
 */
@Document("unanswered")
record UnansweredQuestion(@Id String id, String text, String key, String language, String kind,
                          List<String> guesses, double confidence, String conversationId, ChannelType channel,
                          Instant at) {
}
