package org.sila.console;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.sila.channel.ChannelSendException;
import org.sila.channel.ChannelSender;
import org.sila.channel.ChannelType;
import org.sila.channel.OutboundMessage;
import org.sila.channel.SendResult;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Channel senders at the edge, for the notification tests: WhatsApp refuses with {@code OUTSIDE_WINDOW} (the
 * 24-hour window closed), SMS takes everything and remembers it.
 */
@TestConfiguration(proxyBeanMethods = false)
class FakeSenders {

    static final List<OutboundMessage> SMS = new CopyOnWriteArrayList<>();

    @Bean
    ChannelSender fakeSmsAndWhatsApp() {
        return new ChannelSender() {
            @Override
            public Set<ChannelType> channels() {
                return Set.of(ChannelType.SMS, ChannelType.WHATSAPP);
            }

            @Override
            public SendResult send(OutboundMessage message) {
                if (message.channel() == ChannelType.WHATSAPP) {
                    throw ChannelSendException.permanent("OUTSIDE_WINDOW",
                            "More than 24 hours since the beneficiary last wrote", null);
                }
                SMS.add(message);
                return SendResult.sent("SM" + UUID.randomUUID());
            }
        };
    }
}
