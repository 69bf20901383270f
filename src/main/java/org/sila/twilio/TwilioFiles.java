package org.sila.twilio;

import java.util.List;
import java.util.Set;

import org.sila.channel.Attachment;
import org.sila.channel.ChannelType;
import org.sila.channel.PhoneNumbers;

/**
 * What Twilio takes as media (its "accepted content types" and WhatsApp media guides), documented in
 * {@code docs/channels/whatsapp.yml} and {@code sms.yml}: WhatsApp one file a message, 16 MB, images 5 MB; MMS only
 * to the countries whose carriers take it, 5 MB and 10 files a message.
 */
final class TwilioFiles {

    static final long WHATSAPP_MAX_BYTES = 16_000_000;
    static final long WHATSAPP_MAX_IMAGE_BYTES = 5_000_000;
    static final long MMS_MAX_BYTES = 5_000_000;
    static final int MMS_MAX_FILES = 10;
    /** Where Twilio delivers MMS; elsewhere (Saudi Arabia, Libya …) an SMS carries no file. */
    static final Set<String> MMS_REGIONS = Set.of("US", "CA", "PR");
    static final Set<String> WHATSAPP_IMAGES = Set.of("image/jpeg", "image/png");
    static final Set<String> WHATSAPP_TYPES = Set.of("image/jpeg", "image/png", "audio/ogg", "audio/amr",
            "audio/3gpp", "audio/aac", "audio/mpeg", "video/mp4", "application/pdf", "application/msword",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/vcard");
    static final Set<String> MMS_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "application/pdf",
            "text/vcard", "audio/mpeg", "video/mp4");

    private TwilioFiles() {
    }

    /** Why Twilio would not deliver these files on {@code channel} to {@code recipient}, or null when it would. */
    static String refusal(ChannelType channel, String recipient, List<Attachment> files) {
        if (files.isEmpty()) {
            return null;
        }
        if (channel == ChannelType.WHATSAPP) {
            for (Attachment file : files) {
                if (!WHATSAPP_TYPES.contains(file.contentType())) {
                    return file.fileName() + " (" + file.contentType() + ") is not a type WhatsApp delivers: "
                            + "images (JPEG, PNG), PDF, Office documents, audio or MP4 video";
                }
                long max = WHATSAPP_IMAGES.contains(file.contentType()) ? WHATSAPP_MAX_IMAGE_BYTES : WHATSAPP_MAX_BYTES;
                if (file.size() > max) {
                    return file.fileName() + " is " + file.size() + " bytes; WhatsApp takes at most " + max;
                }
            }
            return null;
        }
        String region = PhoneNumbers.region(recipient).orElse("unknown");
        if (!MMS_REGIONS.contains(region)) {
            return "An SMS to a number in " + region + " cannot carry a file (MMS reaches only " + MMS_REGIONS
                    + "): send it on WhatsApp or by e-mail";
        }
        if (files.size() > MMS_MAX_FILES) {
            return files.size() + " files; an MMS carries at most " + MMS_MAX_FILES;
        }
        long total = 0;
        for (Attachment file : files) {
            if (!MMS_TYPES.contains(file.contentType())) {
                return file.fileName() + " (" + file.contentType() + ") is not a type MMS delivers";
            }
            total += file.size();
        }
        return total > MMS_MAX_BYTES ? "The files are " + total + " bytes; an MMS takes at most " + MMS_MAX_BYTES
                : null;
    }
}
