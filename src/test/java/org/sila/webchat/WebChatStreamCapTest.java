package org.sila.webchat;

import java.time.Duration;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.sila.channel.LiveRelay;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The cap on live streams of all visitors together, so streams held open cannot use up the server's connections. */
class WebChatStreamCapTest {

    /** A hub alone: nothing to relay. */
    static final LiveRelay ALONE = new LiveRelay() {
        @Override
        public void publish(String topic, Object update) {
        }

        @Override
        public <T> void subscribe(String topic, Class<T> type, Consumer<T> listener) {
        }

        @Override
        public void withdraw(String topic, String field, String value) {
        }
    };

    @Test
    void theStreamsOfAllSessionsTogetherAreCappedWithA429AndRetryAfter() {
        var streams = new WebChatStreams(new WebChatProperties(null, null, 4000, 65536, 10, 30, 60, 120, 20, 120, 3,
                2, Duration.ofSeconds(25)), ALONE);
        streams.open("session-a");
        streams.open("session-b");

        var refused = catchThrowableOfType(WebChatController.WebChatError.class, () -> streams.open("session-c"));
        // what the controller's error handler turns into the response's status and Retry-After
        assertThat(refused).extracting("status").isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(refused).extracting("retryAfterSeconds").asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.LONG).isPositive();
    }
}
