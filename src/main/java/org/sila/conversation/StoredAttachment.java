package org.sila.conversation;

/** An attachment as a message refers to it; the bytes sit in the {@code attachments} collection. */
public record StoredAttachment(String id, String fileName, String contentType, long size) {
}
