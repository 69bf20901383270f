package org.sila.telegram;

import java.net.URI;
import java.time.Duration;

import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.sila.channel.AddressErased;
import org.sila.channel.ChannelType;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;

import static org.assertj.core.api.Assertions.assertThat;

/** An erased chat's rate-limit turns are dropped from the shared limits; other channels' erasures are not ours. */
class TelegramErasureTest {

    @Test
    void anErasedChatsTurnsAreForgotten() {
        var turns = new FreeTurns();
        var properties = new TelegramProperties(FakeBotApi.TOKEN, TelegramProperties.Mode.LONG_POLLING, null, null,
                URI.create("http://127.0.0.1:9"), 20_000_000, Duration.ofSeconds(1), 30, Duration.ZERO,
                Duration.ofSeconds(1));
        var sender = new TelegramSender(new OkHttpTelegramClient(new OkHttpClient(), FakeBotApi.TOKEN,
                TelegramConfiguration.telegramUrl(properties.apiUrl())), properties, turns);

        sender.onErased(new AddressErased(ChannelType.TELEGRAM, "424242"));
        sender.onErased(new AddressErased(ChannelType.WEBCHAT, "424242"));

        assertThat(turns.forgotten).singleElement().asString().endsWith(":chat:424242").startsWith("telegram:");
    }
}
