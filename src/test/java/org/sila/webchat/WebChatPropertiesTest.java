package org.sila.webchat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.sila.channel.InboundRules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The web chat's own text limit may be stricter than the one every channel applies, never looser. */
class WebChatPropertiesTest {

    @Test
    void aTextLimitAboveTheOneEveryChannelAppliesIsRefusedAtStart() {
        assertThatThrownBy(() -> withTextLimit(InboundRules.MAX_TEXT_CHARS + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-text-length");
        assertThatThrownBy(() -> withTextLimit(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(withTextLimit(4000).maxTextLength()).isEqualTo(4000);
    }

    private static WebChatProperties withTextLimit(int chars) {
        return new WebChatProperties(null, null, chars, 65536, 10, 30, 60, 120, 20, 120, 3, 1000, Duration.ofSeconds(25));
    }
}
