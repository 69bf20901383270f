package org.sila.meta;

import java.util.List;
import java.util.Set;

import org.sila.channel.Attachment;
import org.sila.channel.ChannelType;

/**
 * What the Send API takes as an attachment by URL, documented in {@code docs/channels/messenger.yml} and
 * {@code instagram.yml}: Messenger any file up to 25 MB; Instagram images (PNG, JPEG, GIF) up to 8 MB, audio,
 * video and PDF up to 25 MB, nothing else.
 */
final class MetaFiles {

    static final long MAX_BYTES = 25_000_000;
    static final long INSTAGRAM_MAX_IMAGE_BYTES = 8_000_000;
    static final Set<String> INSTAGRAM_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "audio/aac",
            "audio/mp4", "audio/x-m4a", "audio/wav", "video/mp4", "video/ogg", "video/x-msvideo", "video/quicktime",
            "video/webm", "application/pdf");

    private MetaFiles() {
    }

    /** The Send API's attachment type for a content type. */
    static String type(String contentType) {
        return contentType.startsWith("image/") ? "image" : contentType.startsWith("audio/") ? "audio"
                : contentType.startsWith("video/") ? "video" : "file";
    }

    /** Why Meta would not deliver these files on {@code channel}, or null when it would. */
    static String refusal(ChannelType channel, List<Attachment> files) {
        for (Attachment file : files) {
            if (channel == ChannelType.INSTAGRAM && !INSTAGRAM_TYPES.contains(file.contentType())) {
                return file.fileName() + " (" + file.contentType() + ") is not a type Instagram delivers: images "
                        + "(PNG, JPEG, GIF), audio, video or PDF";
            }
            long max = channel == ChannelType.INSTAGRAM && "image".equals(type(file.contentType()))
                    ? INSTAGRAM_MAX_IMAGE_BYTES : MAX_BYTES;
            if (file.size() > max) {
                return file.fileName() + " is " + file.size() + " bytes; " + channel + " takes at most " + max;
            }
        }
        return null;
    }
}
