package org.sila.twilio;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.sila.channel.ChannelType;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Message;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;

/**
 * The whole hub with the Twilio adapter on, its REST API played by {@link TwilioFake}. All Twilio test classes
 * share this one context; each test uses its own phone numbers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sila.twilio.account-sid=" + TwilioFake.ACCOUNT_SID,
        "sila.twilio.auth-token=" + TwilioFake.AUTH_TOKEN,
        "sila.twilio.sms-from=" + TwilioFake.SMS_FROM,
        "sila.twilio.whatsapp-from=" + TwilioFake.WHATSAPP_FROM,
        "sila.twilio.whatsapp-template-sid=" + TwilioFake.TEMPLATE_SID,
        "sila.twilio.public-url=" + TwilioFake.PUBLIC_URL + "/",
        "sila.twilio.office-number=+966112345678"})
@ActiveProfiles("test")
@Import(TwilioHubTestSupport.ClockConfiguration.class)
abstract class TwilioHubTestSupport {

    @LocalServerPort
    int port;
    @Autowired
    ConversationService conversations;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    ShiftableClock clock;

    TwilioWebhookClient twilio;

    @DynamicPropertySource
    static void twilioApi(DynamicPropertyRegistry registry) {
        registry.add("sila.twilio.api-url", TwilioFake::baseUrl);
    }

    @BeforeEach
    void setUpTwilio() {
        TwilioFake.reset();
        twilio = new TwilioWebhookClient(port, TwilioFake.PUBLIC_URL, TwilioFake.AUTH_TOKEN);
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    Message awaitInbound(ChannelType channel, String externalId) {
        return await().until(() -> conversations.findByExternalId(channel, externalId), m -> m != null);
    }

    long[] counts() {
        return new long[] {
                mongo.getCollection("messages").countDocuments(),
                mongo.getCollection("beneficiaries").countDocuments(),
                mongo.getCollection("identities").countDocuments()};
    }

    /** The system clock, moved by an offset when a test needs another day or hour; it keeps ticking. */
    static final class ShiftableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void setNow(Instant pretended) {
            offset = Duration.between(Instant.now(), pretended);
        }

        void reset() {
            offset = Duration.ZERO;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class ClockConfiguration {
        @Bean
        ShiftableClock shiftableClock() {
            return new ShiftableClock();
        }
    }
}
