package org.sila.email;

import org.sila.channel.AssociationFacts;
import org.sila.channel.CursorStore;
import org.sila.channel.InboundGateway;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The email channel, on when {@code sila.email.imap.host} is set. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${sila.email.imap.host:}'.isBlank()")
@EnableConfigurationProperties(EmailProperties.class)
class EmailConfiguration {

    @Bean
    InboundMailMapper inboundMailMapper(EmailProperties properties, AssociationFacts association) {
        return new InboundMailMapper(properties.fromAddress().getAddress(), properties.maxAttachmentSize().toBytes(),
                properties.maxAttachments(), association.text("delivery.unreadable-mail", "ar") + " / "
                + association.text("delivery.unreadable-mail", "en"));
    }

    @Bean(destroyMethod = "close")
    ImapInbox imapInbox(EmailProperties properties, InboundMailMapper mapper, InboundGateway gateway,
                        CursorStore cursors) {
        return new ImapInbox(properties.imap(), mapper, gateway, cursors);
    }

    @Bean
    EmailSender emailSender(EmailProperties properties) {
        if (properties.smtp().host() == null || properties.smtp().host().isBlank()) {
            throw new IllegalStateException("sila.email.smtp.host must be set when the email channel is on "
                    + "(sila.email.imap.host is set)");
        }
        return new EmailSender(properties.smtp(), properties.fromAddress());
    }
}
