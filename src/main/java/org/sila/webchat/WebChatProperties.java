package org.sila.webchat;

import java.time.Duration;

import org.sila.channel.InboundRules;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param tokenSecret       signs session tokens; when blank, a key is made once and kept in {@code keyFile}
 * @param keyFile           where the generated key is kept, so sessions survive a restart; blank: {@code
 *                          webchat.key} beside {@code sila.store.path}
 * @param maxTextLength     longest message text, in characters: at most the one limit of every channel
 *                          ({@link InboundRules#MAX_TEXT_CHARS})
 * @param maxBodyBytes      largest request body read
 * @param burst             messages a session may send at once
 * @param perMinute         messages a session may send per minute, sustained
 * @param clientBurst       messages one client address (several sessions, a household behind one router) may
 *                          send at once
 * @param clientPerMinute   the same, per minute, sustained
 * @param sessionBurst      new sessions one client address may open at once
 * @param sessionsPerHour   the same, per hour, sustained (mobile carriers put many people behind one address)
 * @param streamsPerSession live streams one session may hold (browser tabs)
 * @param maxStreams        live streams of all sessions together, well under the server's connection limit
 * @param heartbeat         how often open streams get a keep-alive comment
 */
@ConfigurationProperties("sila.webchat")
record WebChatProperties(
        String tokenSecret,
        String keyFile,
        @DefaultValue("4000") int maxTextLength,
        @DefaultValue("65536") int maxBodyBytes,
        @DefaultValue("10") int burst,
        @DefaultValue("30") int perMinute,
        @DefaultValue("60") int clientBurst,
        @DefaultValue("120") int clientPerMinute,
        @DefaultValue("20") int sessionBurst,
        @DefaultValue("120") int sessionsPerHour,
        @DefaultValue("3") int streamsPerSession,
        @DefaultValue("1000") int maxStreams,
        @DefaultValue("25s") Duration heartbeat) {

    WebChatProperties {
        if (maxTextLength < 1 || maxTextLength > InboundRules.MAX_TEXT_CHARS) {
            throw new IllegalArgumentException("sila.webchat.max-text-length must be 1.." + InboundRules.MAX_TEXT_CHARS
                    + " (the limit every channel applies), not " + maxTextLength);
        }
    }
}
