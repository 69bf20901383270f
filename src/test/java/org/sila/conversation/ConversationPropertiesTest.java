package org.sila.conversation;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConversationPropertiesTest {

    private final ConversationProperties properties = new ConversationProperties(8,
            Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMinutes(2), 1000);

    @Test
    void backoffDoublesUpToTheCeiling() {
        assertThat(properties.backoff(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.backoff(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(properties.backoff(5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(properties.backoff(6)).isEqualTo(Duration.ofMinutes(1));
        assertThat(properties.backoff(200)).isEqualTo(Duration.ofMinutes(1));
    }
}
