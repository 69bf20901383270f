package org.sila.channel;

import java.util.Objects;

/**
 * A file that travels with a message. Adapters download inbound files (within their channel's
 * size limit) so that the store keeps them even after the provider's link expires.
 */
public record Attachment(String fileName, String contentType, byte[] content) {

    public Attachment {
        Objects.requireNonNull(content, "content");
        fileName = fileName == null || fileName.isBlank() ? "attachment" : fileName;
        contentType = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
    }

    public long size() {
        return content.length;
    }
}
