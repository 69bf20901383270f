package org.sila.channel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sila.channel.DeliveryStatus.DELIVERED;
import static org.sila.channel.DeliveryStatus.FAILED;
import static org.sila.channel.DeliveryStatus.QUEUED;
import static org.sila.channel.DeliveryStatus.READ;
import static org.sila.channel.DeliveryStatus.SENT;

class DeliveryStatusTest {

    @Test
    void statusCallbacksOnlyMoveForward() {
        assertThat(DELIVERED.isAfter(SENT)).isTrue();
        assertThat(READ.isAfter(DELIVERED)).isTrue();
        assertThat(SENT.isAfter(DELIVERED)).as("a late 'sent' after 'delivered'").isFalse();
        assertThat(SENT.isAfter(SENT)).isFalse();
        assertThat(FAILED.isAfter(SENT)).isTrue();
        assertThat(FAILED.isAfter(QUEUED)).isTrue();
        assertThat(DELIVERED.isAfter(FAILED)).isFalse();
        assertThat(FAILED.isAfter(FAILED)).isFalse();
    }
}
