package org.sila.survey;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.sila.association.Language;
import org.sila.association.Templates;
import org.sila.channel.QuickReply;
import org.springframework.stereotype.Component;

/**
 * What a survey says, from the templates under {@code survey.*} in the survey's language. Evaluation is the
 * beneficiary's right and a tool for improvement.
 */
@Component
class SurveyWording {

    private final Templates templates;

    SurveyWording(Templates templates) {
        this.templates = templates;
    }

    String question(Survey survey) {
        Language language = language(survey);
        String about = survey.caseReference() != null
                ? templates.text("survey.about-case", language, Map.of("reference", survey.caseReference()))
                : templates.text("survey.about-contact", language);
        return about + " " + templates.text("survey.question", language);
    }

    /** In score order, so "1" on a numbered list (SMS, WhatsApp, e-mail) is also the score 1. */
    List<QuickReply> choices(Survey survey) {
        Language language = language(survey);
        return IntStream.rangeClosed(1, 5).mapToObj(i -> new QuickReply(i + " "
                + templates.text("survey.score." + i, language), ScoreParser.PAYLOAD_PREFIX + i)).toList();
    }

    String thanks(Survey survey, int score, boolean withComment, boolean low) {
        Language language = language(survey);
        String base = templates.text("survey.thanks", language, Map.of("score", score));
        String then = withComment ? "survey.comment-received" : low ? "survey.sorry" : "survey.add-comment";
        return base + " " + templates.text(then, language);
    }

    String commentThanks(Survey survey) {
        return templates.text("survey.comment-thanks", language(survey));
    }

    private static Language language(Survey survey) {
        return survey.english() ? Language.EN : Language.AR;
    }
}
