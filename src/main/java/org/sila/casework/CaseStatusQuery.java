package org.sila.casework;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.sila.association.Language;
import org.sila.association.Templates;
import org.sila.channel.PhoneNumbers;
import org.sila.channel.RequestStatusQuery;
import org.sila.conversation.Beneficiary;
import org.sila.conversation.ConversationService;
import org.springframework.stereotype.Component;

/** Answers "where is my request" for a caller: only about a case of the beneficiary who has the caller's phone. */
@Component
class CaseStatusQuery implements RequestStatusQuery {

    private final CaseService cases;
    private final ConversationService conversations;
    private final Templates templates;

    CaseStatusQuery(CaseService cases, ConversationService conversations, Templates templates) {
        this.cases = cases;
        this.conversations = conversations;
        this.templates = templates;
    }

    @Override
    public Optional<RequestStatus> find(String reference, String callerPhone) {
        if (reference == null || callerPhone == null) {
            return Optional.empty();
        }
        Optional<String> beneficiaryId = conversations.beneficiaryByPhone(callerPhone).map(Beneficiary::id);
        if (beneficiaryId.isEmpty()) {
            return Optional.empty();
        }
        return candidates(reference).stream()
                .map(cases::byReference).flatMap(Optional::stream)
                .filter(c -> Objects.equals(c.beneficiaryId(), beneficiaryId.get()))
                .findFirst()
                .map(c -> new RequestStatus(c.reference(), c.stage().name(), spoken(c.stage(), Language.AR),
                        spoken(c.stage(), Language.EN), c.updatedAt()));
    }

    private String spoken(CaseStage stage, Language language) {
        return templates.text("spoken." + stage.name(), language);
    }

    /** The references a keyed number may stand for: {@code 2026000123} is SR-2026-000123, CP-2026-000123 ... */
    private static List<String> candidates(String reference) {
        String folded = PhoneNumbers.foldDigits(reference.strip()).toUpperCase();
        if (!folded.matches("\\d{10}")) {
            return List.of(folded);
        }
        List<String> all = new ArrayList<>();
        for (CaseType type : CaseType.values()) {
            all.add(type.prefix() + "-" + folded.substring(0, 4) + "-" + folded.substring(4));
        }
        return all;
    }
}
