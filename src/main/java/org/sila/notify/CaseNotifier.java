package org.sila.notify;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.sila.association.Language;
import org.sila.association.Templates;
import org.sila.casework.CaseEvents.CaseStageChanged;
import org.sila.casework.CaseEvents.CompensationDecided;
import org.sila.casework.CaseStage;
import org.sila.casework.CaseType;
import org.sila.casework.CaseService;
import org.sila.channel.ChannelType;
import org.sila.conversation.Beneficiary;
import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationEvents.MessageStatusChanged;
import org.sila.conversation.ConversationQueries;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Message;
import org.sila.conversation.Reply;
import org.sila.channel.DeliveryStatus;
import org.sila.conversation.Author;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells the beneficiary each time their case moves, on the channel they last used and in their language. When
 * that channel cannot carry it (the messaging window closed, the address is unreachable) or they only ever came
 * in person, it goes by SMS to their phone.
 */
@Component
class CaseNotifier {

    private static final Logger log = LoggerFactory.getLogger(CaseNotifier.class);
    static final String KIND = "notify";
    static final String CASE_ID = "caseId";
    private static final java.util.Set<String> FALL_BACK_ON = java.util.Set.of("OUTSIDE_WINDOW", "UNREACHABLE");

    private final ConversationService conversations;
    private final ConversationQueries queries;
    private final Templates templates;
    private final CaseService cases;

    CaseNotifier(ConversationService conversations, ConversationQueries queries, Templates templates,
                 CaseService cases) {
        this.conversations = conversations;
        this.cases = cases;
        this.queries = queries;
        this.templates = templates;
    }

    @EventListener
    void on(CaseStageChanged changed) {
        String key = "notify." + changed.to().name();
        if (!templates.has(key) || changed.type() == CaseType.COMPENSATION && changed.to() == CaseStage.RESOLVED) {
            return; // a stage the beneficiary is not told about, or a claim's decision, told with its reason below
        }
        String note = lastNote(changed);
        tell(changed.beneficiaryId(), changed.caseId(), language -> templates.text(key, language,
                Map.of("reference", changed.reference(), "reason", note == null ? "" : note)));
    }

    /** The outcome of a compensation claim and why, in the beneficiary's words: the policy's unmet conditions. */
    @EventListener
    void on(CompensationDecided decided) {
        tell(decided.beneficiaryId(), decided.caseId(), language -> templates.text(
                "compensation.decided." + decided.result().name(), language, Map.of("reference", decided.reference(),
                        "reason", decided.unmet().stream()
                                .map(c -> templates.text("compensation.unmet." + c.name(), language))
                                .collect(Collectors.joining("\n")),
                        "terms", decided.terms() == null ? "" : decided.terms())));
    }

    private void tell(String beneficiaryId, String caseId, Function<Language, String> wording) {
        if (beneficiaryId == null) {
            return; // an anonymous complaint: nobody to tell
        }
        Beneficiary beneficiary = conversations.beneficiary(beneficiaryId).orElse(null);
        if (beneficiary == null) {
            return;
        }
        String text = wording.apply(Language.of(beneficiary.language()));
        Map<String, String> details = Map.of(KIND, "case", CASE_ID, caseId);
        Optional<Conversation> messenger = queries.conversationsOf(beneficiary.id()).stream()
                .filter(c -> !c.channel().isLoggedByStaff()).findFirst();
        if (messenger.isPresent()) {
            conversations.reply(messenger.get().id(), notification(text, details));
        } else {
            bySms(beneficiary, text, details);
        }
    }

    /** A notification that could not go on its channel goes by SMS, once. */
    @EventListener
    void on(MessageStatusChanged changed) {
        if (changed.status() != DeliveryStatus.FAILED || !changed.notification()) {
            return;
        }
        Message failed = conversations.message(changed.messageId()).orElse(null);
        if (failed == null || !failed.notification() || !"case".equals(failed.details().get(KIND))
                || failed.channel() == ChannelType.SMS || !FALL_BACK_ON.contains(failed.errorCode())) {
            return;
        }
        conversations.beneficiary(failed.beneficiaryId()).ifPresent(b -> {
            Map<String, String> details = new HashMap<>(failed.details());
            details.put("fallbackFor", failed.id());
            bySms(b, failed.text(), details);
        });
    }

    private void bySms(Beneficiary beneficiary, String text, Map<String, String> details) {
        if (beneficiary.phone() == null) {
            log.info("Beneficiary {} has no messenger conversation and no phone: not notified", beneficiary.id());
            return;
        }
        Conversation sms = conversations.openConversation(ChannelType.SMS, beneficiary.phone(), beneficiary.phone());
        conversations.reply(sms.id(), notification(text, details));
    }

    private static Reply notification(String text, Map<String, String> details) {
        return new Reply(text, null, Author.SYSTEM, "case-notification", null, true, details);
    }

    private String lastNote(CaseStageChanged changed) {
        return cases.byId(changed.caseId()).map(c -> c.history().isEmpty() ? null
                : c.history().get(c.history().size() - 1).note()).orElse(null);
    }
}
