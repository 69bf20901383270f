package org.sila.telegram;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.sila.channel.Attachment;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;
import org.telegram.telegrambots.meta.api.methods.GetFile;
import org.telegram.telegrambots.meta.api.objects.File;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Downloads inbound files through {@code getFile} within the size limit. A file known to be over the limit is
 * never fetched. Network trouble is thrown (the update is tried again); Telegram refusing the file is a refusal.
 */
@Component
@Conditional(TelegramConditions.Enabled.class)
class TelegramFiles {

    /** The outcome for one file: the attachment, or why it was refused. */
    record Fetched(Attachment attachment, String refusal) {
    }

    private final TelegramClient client;
    private final OkHttpClient http;
    private final TelegramProperties properties;

    TelegramFiles(TelegramClient client, OkHttpClient telegramHttp, TelegramProperties properties) {
        this.client = client;
        this.http = telegramHttp;
        this.properties = properties;
    }

    long limit() {
        return properties.maxFileBytes();
    }

    Fetched fetch(String fileId, Long declaredSize, String fileName, String contentType) throws IOException {
        if (declaredSize != null && declaredSize > limit()) {
            return refused(fileName, declaredSize);
        }
        File file;
        try {
            file = client.execute(GetFile.builder().fileId(fileId).build());
        } catch (TelegramApiRequestException e) {
            if (e.getErrorCode() != null && e.getErrorCode() == 400) {
                // "file is too big" and the like: Telegram will not serve it, asking again changes nothing.
                return new Fetched(null, fileName + " (" + e.getApiResponse() + ")");
            }
            throw new IOException("getFile failed: " + e.getMessage(), e);
        } catch (TelegramApiException e) {
            throw new IOException("getFile failed: " + e.getMessage(), e);
        }
        if (file.getFileSize() != null && file.getFileSize() > limit()) {
            return refused(fileName, file.getFileSize());
        }
        HttpUrl url = HttpUrl.get(properties.apiUrl().toString()).newBuilder()
                .addPathSegment("file").addPathSegment("bot" + properties.token())
                .addPathSegments(file.getFilePath()).build();
        try (Response response = http.newCall(new Request.Builder().url(url).get().build()).execute()) {
            if (!response.isSuccessful() || response.body() == null) {
                throw new IOException("Downloading " + fileName + " answered " + response.code());
            }
            try (InputStream in = response.body().byteStream()) {
                byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit() + 1));
                if (content.length > limit()) {
                    return refused(fileName, null);
                }
                return new Fetched(new Attachment(fileName, contentType, content), null);
            }
        }
    }

    private Fetched refused(String fileName, Long size) {
        return new Fetched(null, size == null ? fileName : fileName + " (" + humanSize(size) + ")");
    }

    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
