package org.sila.console.internal;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.sila.channel.LiveRelay;
import org.sila.staff.Role;
import org.sila.staff.StaffMember;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The cap on the console's live streams of all sign-in sessions together. */
class ConsoleStreamCapTest {

    @Test
    void theStreamsOfAllSignInSessionsTogetherAreCapped() {
        var streams = new ConsoleStreams(new ConsoleProperties(5, 2), new LiveRelay() {
            @Override
            public void publish(String topic, Object update) {
            }

            @Override
            public <T> void subscribe(String topic, Class<T> type, Consumer<T> listener) {
            }

            @Override
            public void withdraw(String topic, String field, String value) {
            }
        }, null, null); // nothing is pushed here: no conversations, no access rules
        streams.open(StaffMember.of("officer-1", Role.OFFICER), "session-1");
        streams.open(StaffMember.of("officer-2", Role.OFFICER), "session-2");

        var refused = catchThrowableOfType(ConsoleStreams.TooManyStreams.class,
                () -> streams.open(StaffMember.of("officer-3", Role.OFFICER), "session-3"));
        assertThat(refused.retryAfterSeconds).isPositive();
    }
}
