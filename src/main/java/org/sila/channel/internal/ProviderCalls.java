package org.sila.channel.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.sila.channel.ChannelSendException;
import org.sila.channel.ChannelSender;
import org.sila.channel.ChannelType;
import org.sila.channel.OutboundMessage;
import org.sila.channel.SendResult;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Every call to a provider, measured: {@code sila.provider.calls} (latency, by channel and outcome) and
 * {@code sila.provider.failures} (by channel and the provider's error code). It also remembers how each channel's
 * recent calls went, which is that channel's health: DOWN after {@value #DOWN_AFTER} retryable failures in a row
 * (timeouts, 5xx, 429: the provider, not one recipient, is in trouble).
 */
class ProviderCalls {

    static final int DOWN_AFTER = 3;

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<ChannelType, State> states = new ConcurrentHashMap<>();

    ProviderCalls(MeterRegistry registry) {
        this.registry = registry;
        this.clock = Clock.systemUTC();
    }

    SendResult send(ChannelSender sender, OutboundMessage message) {
        ChannelType channel = message.channel();
        Timer.Sample sample = Timer.start(registry);
        try {
            SendResult result = sender.send(message);
            sample.stop(timer(channel, "sent"));
            states.computeIfAbsent(channel, c -> new State()).succeeded(clock.instant());
            return result;
        } catch (ChannelSendException e) {
            sample.stop(timer(channel, e.isRetryable() ? "retryable" : "failed"));
            Counter.builder("sila.provider.failures").description("Provider calls that did not deliver")
                    .tag("channel", channel.name()).tag("code", e.code() == null ? "NONE" : e.code())
                    .tag("retryable", Boolean.toString(e.isRetryable())).register(registry).increment();
            states.computeIfAbsent(channel, c -> new State()).failed(e, clock.instant());
            throw e;
        }
    }

    /** The health of one enabled channel, from its recent provider calls. */
    HealthIndicator health(ChannelType channel) {
        return () -> states.getOrDefault(channel, new State()).health();
    }

    private Timer timer(ChannelType channel, String outcome) {
        return Timer.builder("sila.provider.calls").description("Calls to a channel's provider to deliver a message")
                .tag("channel", channel.name()).tag("outcome", outcome).register(registry);
    }

    private static final class State {
        private Instant lastSuccess;
        private Instant lastFailure;
        private String lastCode;
        private String lastError;
        private int retryableInARow;

        synchronized void succeeded(Instant at) {
            lastSuccess = at;
            retryableInARow = 0;
        }

        synchronized void failed(ChannelSendException e, Instant at) {
            lastFailure = at;
            lastCode = e.code();
            lastError = e.getMessage();
            retryableInARow = e.isRetryable() ? retryableInARow + 1 : 0;
        }

        synchronized Health health() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("lastSuccess", lastSuccess == null ? "none yet" : lastSuccess.toString());
            if (lastFailure != null) {
                details.put("lastFailure", lastFailure.toString());
                details.put("lastFailureCode", String.valueOf(lastCode));
                details.put("lastFailureMessage", String.valueOf(lastError));
            }
            details.put("retryableFailuresInARow", retryableInARow);
            return (retryableInARow >= DOWN_AFTER ? Health.down() : Health.up()).withDetails(details).build();
        }
    }
}
