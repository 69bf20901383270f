package org.sila.console.internal;

import java.nio.charset.StandardCharsets;

import org.sila.channel.Attachment;
import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationQueries;
import org.sila.conversation.ConversationService;
import org.sila.staff.AuditLog;
import org.sila.staff.StaffMember;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A file a beneficiary sent, from the conversation view. Only a file of a message in that beneficiary's history is
 * served, to those who may see the conversation ({@link ConversationAccess}, like the page that links it), always as
 * a download (never rendered by the browser: a sender's HTML or SVG must not run in the console), and each download
 * is in the audit log like a view.
 */
@Controller
class AttachmentController {

    private final ConversationService conversations;
    private final ConversationQueries queries;
    private final AuditLog audit;
    private final ConversationAccess access;

    AttachmentController(ConversationService conversations, ConversationQueries queries, AuditLog audit,
                         ConversationAccess access) {
        this.conversations = conversations;
        this.queries = queries;
        this.audit = audit;
        this.access = access;
    }

    @GetMapping("/console/conversations/{id}/attachments/{attachmentId}")
    ResponseEntity<byte[]> download(@PathVariable String id, @PathVariable String attachmentId, Authentication auth) {
        Conversation conversation = conversations.conversation(id).orElse(null);
        if (conversation != null) {
            access.checkSee(conversation, StaffMember.from(auth));
        }
        boolean ofThisBeneficiary = conversation != null && queries.historyOf(conversation.beneficiaryId()).stream()
                .anyMatch(m -> m.attachments().stream().anyMatch(a -> a.id().equals(attachmentId)));
        Attachment file = ofThisBeneficiary ? conversations.attachment(attachmentId).orElse(null) : null;
        if (file == null) {
            return ResponseEntity.notFound().build();
        }
        audit.record(auth.getName(), AuditLog.VIEW, conversation.beneficiaryId(), attachmentId, "attachment");
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(file.fileName(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(file.content());
    }
}
