package org.sila.telegram;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sila.channel.Attachment;
import org.sila.channel.ChannelSendException;
import org.sila.channel.ChannelType;
import org.sila.channel.OutboundMessage;
import org.sila.channel.SendResult;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sila.telegram.FakeBotApi.called;
import static org.sila.telegram.FakeBotApi.method;

/** Files staff send, through the real TelegramBots client to a WireMock Bot API: photos as photos, the rest as documents. */
class TelegramFilesOutTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    FakeBotApi telegram;
    TelegramSender sender;


    @BeforeEach
    void botApi() {
        telegram = new FakeBotApi(wm.getRuntimeInfo().getWireMock()).withDefaults();
        telegram.register(method("senddocument").willReturn(FakeBotApi.sent()));
        telegram.register(method("sendphoto").willReturn(FakeBotApi.sent()));
        var properties = new TelegramProperties(FakeBotApi.TOKEN, TelegramProperties.Mode.LONG_POLLING, null, null,
                URI.create(wm.baseUrl()), 20_000_000, Duration.ofSeconds(1), 30, Duration.ZERO, Duration.ofSeconds(1));
        // Pacing is not what this test is about: every turn is free at once.
        sender = new TelegramSender(new OkHttpTelegramClient(new OkHttpClient(), FakeBotApi.TOKEN,
                TelegramConfiguration.telegramUrl(properties.apiUrl())), properties, new FreeTurns());
    }

    @Test
    void theTextGoesFirstThenADocumentAndAPhotoEachUploadedWithItsName() {
        byte[] letter = "%PDF-1.4 decision letter".getBytes(StandardCharsets.US_ASCII);
        byte[] slip = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        SendResult result = sender.send(message("مرفق خطاب القرار وموعد الاستلام",
                new Attachment("قرار-اللجنة.pdf", "application/pdf", letter),
                new Attachment("slip.png", "image/png", slip)));

        assertThat(telegram.find(called("sendmessage"))).singleElement().satisfies(r ->
                assertThat(r.getBodyAsString()).contains("مرفق خطاب القرار"));
        LoggedRequest document = telegram.find(called("senddocument")).get(0);
        assertThat(document.getHeader("Content-Type")).startsWith("multipart/form-data");
        assertThat(document.getPart("chat_id").getBody().asString()).isEqualTo("700001");
        // a new file is attached as its own part, which the method's field names ("attach://<name>")
        assertThat(document.getPart("document").getBody().asString()).isEqualTo("attach://قرار-اللجنة.pdf");
        assertThat(document.getPart("قرار-اللجنة.pdf").getBody().asBytes()).isEqualTo(letter);
        LoggedRequest photo = telegram.find(called("sendphoto")).get(0);
        assertThat(photo.getPart("photo").getBody().asString()).isEqualTo("attach://slip.png");
        assertThat(photo.getPart("slip.png").getBody().asBytes()).isEqualTo(slip);
        assertThat(result.details()).containsEntry("parts", "3");
    }

    @Test
    void aFileOverTelegramsLimitFailsVisiblyWithTheReasonAndNothingIsSent() {
        var huge = new Attachment("scan.pdf", "application/pdf", new byte[(int) TelegramSender.MAX_DOCUMENT_BYTES + 1]);
        assertThatThrownBy(() -> sender.send(message("الملف", huge)))
                .isInstanceOfSatisfying(ChannelSendException.class, e -> {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.code()).isEqualTo("TELEGRAM_FILE_REFUSED");
                    assertThat(e.getMessage()).contains("scan.pdf", "50000000");
                });
        assertThat(telegram.find(called("send.*"))).isEmpty();
    }

    private static OutboundMessage message(String text, Attachment... files) {
        return new OutboundMessage("m-" + System.nanoTime(), ChannelType.TELEGRAM, "700001", text, List.of(),
                List.of(files), List.of(), null, false, 1, Map.of(), null);
    }
}
