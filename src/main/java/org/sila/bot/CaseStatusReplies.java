package org.sila.bot;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.sila.association.Language;
import org.sila.association.Templates;
import org.sila.casework.Case;
import org.sila.casework.CaseService;
import org.sila.conversation.Beneficiary;
import org.sila.conversation.ConversationService;

/** "Where is my request": a beneficiary's own cases, or one case to whoever has its reference and its phone. */
final class CaseStatusReplies {

    private final CaseService cases;
    private final ConversationService conversations;
    private final Templates templates;
    private final ZoneId zone;

    CaseStatusReplies(CaseService cases, ConversationService conversations, Templates templates, ZoneId zone) {
        this.cases = cases;
        this.conversations = conversations;
        this.templates = templates;
        this.zone = zone;
    }

    List<Case> ofBeneficiary(String beneficiaryId) {
        return beneficiaryId == null ? List.of() : cases.ofBeneficiary(beneficiaryId);
    }

    /** The case {@code reference} when {@code phone} is the one given in it or the beneficiary's own. */
    String status(String reference, String phone, Language language) {
        Optional<Case> found = cases.byReference(reference);
        boolean own = found.map(c -> phone.equals(c.fields().get("phone"))
                || (c.beneficiaryId() != null && conversations.beneficiary(c.beneficiaryId())
                .map(Beneficiary::phone).filter(phone::equals).isPresent())).orElse(false);
        return own ? list(List.of(found.get()), language) : templates.text("status.none", language);
    }

    String list(List<Case> list, Language language) {
        DateTimeFormatter date = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(zone);
        List<String> lines = new ArrayList<>();
        for (Case c : list.subList(0, Math.min(5, list.size()))) {
            lines.add(templates.text("status.item", language, Map.of("reference", c.reference(),
                    "type", templates.text("type." + c.type().name(), language),
                    "stage", templates.text("stage." + c.stage().name(), language),
                    "date", date.format(c.updatedAt()))));
        }
        return templates.text("status.list", language, Map.of("cases", String.join("\n", lines)));
    }
}
