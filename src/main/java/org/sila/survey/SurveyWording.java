package org.sila.survey;

import java.util.List;

import org.sila.channel.QuickReply;

/** What a survey says, Arabic first. Evaluation is the beneficiary's right and a tool for improvement. */
final class SurveyWording {

    private SurveyWording() {
    }

    static String question(Survey survey) {
        if (survey.english()) {
            String about = survey.caseReference() != null
                    ? "Your request " + survey.caseReference() + " has been served. "
                    : "Thank you for contacting us. ";
            return about + "Rating our service is your right, and a tool we use to improve it, not to blame "
                    + "anyone. How would you rate the service you received, from 1 (poor) to 5 (excellent)? "
                    + "You may add a comment after the number.";
        }
        String about = survey.caseReference() != null
                ? "تم تقديم الخدمة لطلبك رقم " + survey.caseReference() + ". "
                : "شكرًا لتواصلك مع الجمعية. ";
        return about + "تقييمك حقٌّ لك، وأداةٌ نطوّر بها خدماتنا، لا لمحاسبة أحد. كيف تقيّم الخدمة التي تلقيتها "
                + "من 1 (سيئ) إلى 5 (ممتاز)؟ ويمكنك كتابة ملاحظتك بعد الرقم.";
    }

    /** In score order, so "1" on a numbered list (SMS, WhatsApp, e-mail) is also the score 1. */
    static List<QuickReply> choices(Survey survey) {
        List<String> titles = survey.english()
                ? List.of("1 Poor", "2 Fair", "3 Good", "4 Very good", "5 Excellent")
                : List.of("1 سيئ", "2 مقبول", "3 جيد", "4 جيد جدًا", "5 ممتاز");
        return java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> new QuickReply(titles.get(i), ScoreParser.PAYLOAD_PREFIX + (i + 1))).toList();
    }

    static String thanks(Survey survey, int score, boolean withComment, boolean low) {
        if (survey.english()) {
            String base = "Thank you for your rating (" + score + "/5).";
            if (withComment) {
                return base + " Your comment has reached us.";
            }
            return base + (low ? " We are sorry we fell short; a manager will look into it. What could we do "
                    + "better? You may write it in your next message." : " You may add a comment in your next message.");
        }
        String base = "شكرًا لتقييمك (" + score + " من 5).";
        if (withComment) {
            return base + " وصلتنا ملاحظتك.";
        }
        return base + (low ? " نأسف لأننا لم نكن عند حسن ظنك، وسيتابع أحد المسؤولين الأمر. ما الذي يمكننا "
                + "تحسينه؟ يمكنك كتابته في رسالتك التالية." : " يمكنك إضافة ملاحظة في رسالتك التالية.");
    }

    static String commentThanks(Survey survey) {
        return survey.english() ? "Thank you, your comment has reached us." : "شكرًا لك، وصلتنا ملاحظتك.";
    }
}
