package org.sila.casework;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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

    CaseStatusQuery(CaseService cases, ConversationService conversations) {
        this.cases = cases;
        this.conversations = conversations;
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
                .map(c -> new RequestStatus(c.reference(), c.stage().name(), arabic(c.stage()), english(c.stage()),
                        c.updatedAt()));
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

    static String arabic(CaseStage stage) {
        return switch (stage) {
            case RECEIVED -> "تم استلام طلبك";
            case COMPLETENESS_CHECK -> "طلبك قيد التحقق من اكتمال البيانات";
            case WITH_RESEARCHER -> "طلبك لدى الباحث الاجتماعي";
            case ATTESTED -> "تم اعتماد بيانات طلبك وسيُرفع إلى اللجنة";
            case COMMITTEE_REVIEW -> "طلبك قيد الدراسة لدى لجنة البحث";
            case ACCEPTED -> "تمت الموافقة على طلبك";
            case REJECTED -> "نعتذر، لم تتم الموافقة على طلبك";
            case REGISTERED -> "تم تسجيلك وسيُقدَّم لك العون قريباً";
            case SERVICE_DELIVERED -> "تم تقديم الخدمة";
            case INVESTIGATING -> "ملاحظتك قيد المتابعة";
            case RESOLVED -> "تمت معالجة ملاحظتك";
            case CLOSED -> "تم إغلاق الطلب";
        };
    }

    static String english(CaseStage stage) {
        return switch (stage) {
            case RECEIVED -> "Your request has been received";
            case COMPLETENESS_CHECK -> "Your request is being checked for completeness";
            case WITH_RESEARCHER -> "Your request is with the social researcher";
            case ATTESTED -> "Your data is confirmed and goes to the committee";
            case COMMITTEE_REVIEW -> "Your request is under review by the committee";
            case ACCEPTED -> "Your request has been accepted";
            case REJECTED -> "We are sorry, your request was not accepted";
            case REGISTERED -> "You are registered; the service will follow soon";
            case SERVICE_DELIVERED -> "The service has been delivered";
            case INVESTIGATING -> "Your complaint is being followed up";
            case RESOLVED -> "Your complaint has been resolved";
            case CLOSED -> "The request is closed";
        };
    }
}
