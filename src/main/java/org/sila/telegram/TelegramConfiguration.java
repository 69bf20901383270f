package org.sila.telegram;

import java.net.URI;
import java.time.Duration;

import okhttp3.OkHttpClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/** The Bot API clients, on only when a token is set. */
@Configuration(proxyBeanMethods = false)
@Conditional(TelegramConditions.Enabled.class)
@EnableConfigurationProperties(TelegramProperties.class)
class TelegramConfiguration {

    /** Plain HTTP for file downloads, and the base the Bot API clients share their connection pool with. */
    @Bean
    OkHttpClient telegramHttp() {
        return new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(30))
                .writeTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** Sends, answers button presses, fetches file paths. */
    @Bean
    TelegramClient telegramClient(OkHttpClient telegramHttp, TelegramProperties properties) {
        return new OkHttpTelegramClient(telegramHttp, properties.token(), telegramUrl(properties.apiUrl()));
    }

    static TelegramUrl telegramUrl(URI apiUrl) {
        String scheme = apiUrl.getScheme() == null ? "https" : apiUrl.getScheme();
        int port = apiUrl.getPort() != -1 ? apiUrl.getPort() : "http".equals(scheme) ? 80 : 443;
        return new TelegramUrl(scheme, apiUrl.getHost(), port, false);
    }
}
