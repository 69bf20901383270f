package org.sila.webchat;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /api/webchat/sessions/{sessionId}/messages}, for the API's description. The controller
 * reads the bytes itself (strict UTF-8 before any JSON), and checks exactly these rules.
 */
@Schema(name = "WebChatPost", description = "A beneficiary's message from the widget")
record WebChatPost(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 4000, example = "When does the office open?",
                description = "What the beneficiary wrote; not blank, at most 4,000 characters")
        String text,
        @Schema(maxLength = 100, description = "The widget's id for this message: a resend with the same id is stored once")
        String clientMessageId,
        @Schema(pattern = "[a-z]{2}", example = "ar", description = "The widget's language, ar or en")
        String language,
        @Schema(description = "The payload of the quick reply the beneficiary tapped, if any")
        String quickReplyPayload,
        @Schema(description = "The name the beneficiary gave, if any")
        String name) {
}
