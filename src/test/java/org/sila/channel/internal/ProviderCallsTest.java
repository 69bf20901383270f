package org.sila.channel.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.sila.channel.ChannelSendException;
import org.sila.channel.ChannelSender;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.OutboundMessage;
import org.sila.channel.SendResult;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderCallsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ProviderCalls calls = new ProviderCalls(registry);
    private final Deque<RuntimeException> outcomes = new ArrayDeque<>();
    private final ChannelSender sms = new ChannelSender() {
        @Override
        public Set<ChannelType> channels() {
            return Set.of(ChannelType.SMS);
        }

        @Override
        public SendResult send(OutboundMessage message) {
            RuntimeException next = outcomes.poll();
            if (next != null) {
                throw next;
            }
            return new SendResult("SM1", DeliveryStatus.SENT, Map.of());
        }
    };

    @Test
    void failuresAreCountedByProviderCodeAndEveryCallIsTimed() {
        outcomes.add(ChannelSendException.permanent("21211", "invalid 'To' number", null));
        assertThatThrownBy(() -> calls.send(sms, message())).isInstanceOf(ChannelSendException.class);
        calls.send(sms, message());

        assertThat(registry.get("sila.provider.failures").tags("channel", "SMS", "code", "21211").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("sila.provider.calls").tags("channel", "SMS", "outcome", "failed").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("sila.provider.calls").tags("channel", "SMS", "outcome", "sent").timer().count())
                .isEqualTo(1);
    }

    @Test
    void aChannelIsDownAfterRetryableFailuresInARowAndUpAgainOnceASendGoesThrough() {
        assertThat(calls.health(ChannelType.SMS).health().getStatus()).isEqualTo(Status.UP);
        // One recipient's bad number says nothing about the provider.
        outcomes.add(ChannelSendException.permanent("21211", "invalid 'To' number", null));
        for (int i = 0; i < ProviderCalls.DOWN_AFTER; i++) {
            outcomes.add(ChannelSendException.retryable("503", "Service Unavailable", Duration.ofSeconds(1), null));
        }
        for (int i = 0; i <= ProviderCalls.DOWN_AFTER; i++) {
            assertThat(calls.health(ChannelType.SMS).health().getStatus()).isEqualTo(Status.UP);
            assertThatThrownBy(() -> calls.send(sms, message())).isInstanceOf(ChannelSendException.class);
        }
        var down = calls.health(ChannelType.SMS).health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("lastFailureCode", "503");

        calls.send(sms, message());
        assertThat(calls.health(ChannelType.SMS).health().getStatus()).isEqualTo(Status.UP);
    }

    private static OutboundMessage message() {
        return new OutboundMessage("m1", ChannelType.SMS, "+966501234567", "نص", List.of(), List.of(), List.of(),
                null, false, 1, Map.of(), null);
    }
}
