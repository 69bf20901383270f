package org.sila.console.internal;

import java.util.List;

import org.sila.channel.ChannelType;
import org.sila.conversation.Beneficiary;
import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationQueries;
import org.sila.conversation.ConversationQueries.InboxFilter;
import org.sila.conversation.ConversationService;
import org.sila.conversation.ConversationStatus;
import org.sila.conversation.Message;
import org.sila.staff.AuditLog;
import org.sila.staff.PersonalData;
import org.sila.staff.StaffMember;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The inbox: every channel's conversations in one list, filtered, kept live over server-sent events. */
@Controller
class InboxController {

    private static final int PAGE = 200;

    private final ConversationQueries queries;
    private final ConversationService conversations;
    private final ConsoleStreams streams;
    private final ConversationAccess access;
    private final AuditLog audit;

    InboxController(ConversationQueries queries, ConversationService conversations, ConsoleStreams streams,
                    ConversationAccess access, AuditLog audit) {
        this.access = access;
        this.audit = audit;
        this.queries = queries;
        this.conversations = conversations;
        this.streams = streams;
    }

    @GetMapping("/")
    String root() {
        return "redirect:/console";
    }

    /** The inbox's filters as the query string carries them; an absent flag is off. */
    record InboxParams(ChannelType channel, ConversationStatus status, Boolean mine, Boolean longest) {
        InboxParams {
            mine = Boolean.TRUE.equals(mine);
            longest = Boolean.TRUE.equals(longest);
        }
    }

    @GetMapping("/console")
    String inbox(InboxParams params, Authentication auth, Model model) {
        rows(params, auth, model);
        model.addAttribute("channels", ChannelType.values());
        model.addAttribute("statuses", ConversationStatus.values());
        return "console/inbox";
    }

    @GetMapping("/console/inbox/rows")
    String rows(InboxParams params, Authentication auth, Model model) {
        StaffMember me = StaffMember.from(auth);
        var filter = new InboxFilter(params.channel(), params.status(), access.inboxAssignee(me, params.mine()),
                params.longest());
        audit.record(me.username(), AuditLog.VIEW, null, null, "inbox");
        List<Conversation> visible = access.seesInbox(me) ? queries.inbox(filter, PAGE) : List.of();
        List<Views.InboxRow> rows = visible.stream().filter(access.inboxRowFilter(me)).map(c -> {
            Message last = queries.lastInbound(c.id());
            String name = conversations.beneficiary(c.beneficiaryId()).map(Beneficiary::name).orElse(null);
            // Masked before it is shortened: an ID cut in two would no longer look like one to the mask.
            return new Views.InboxRow(c, name, last == null ? "" : abbreviate(PersonalData.maskIdNumbers(me,
                    last.text())), c.lastInboundAt());
        }).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("filter", filter);
        model.addAttribute("mine", params.mine());
        return "console/inbox :: rows";
    }

    @GetMapping(value = "/console/stream", produces = "text/event-stream")
    SseEmitter stream(Authentication auth, jakarta.servlet.http.HttpServletRequest request) {
        return streams.open(StaffMember.from(auth), request.getSession().getId());
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 80 ? text : text.substring(0, 79) + "…";
    }
}
