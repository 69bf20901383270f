package org.sila.survey;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sila.HubTest;
import org.sila.WebChatClient;
import org.sila.casework.Case;
import org.sila.casework.CaseService;
import org.sila.casework.CaseStage;
import org.sila.casework.CaseType;
import org.sila.casework.OpenCase;
import org.sila.channel.ChannelType;
import org.sila.channel.InboundMessage;
import org.sila.channel.QuickReply;
import org.sila.channel.Sender;
import org.sila.conversation.Author;
import org.sila.channel.InboundGateway;
import org.sila.conversation.ConversationService;
import org.sila.conversation.ConversationStatus;
import org.sila.conversation.Direction;
import org.sila.conversation.Message;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sila.WebChatClient.JSON;

@HubTest
class SurveyFlowTest {

    @LocalServerPort
    int port;
    @Autowired
    ConversationService conversations;
    @Autowired
    InboundGateway inbound;
    @Autowired
    CaseService cases;
    @Autowired
    SurveyService surveys;

    @Test
    void askingToRateTheServiceGetsTheSurveyItselfAndTheAnswerIsCounted() {
        var chat = new WebChatClient(port);
        String asked = JSON.readTree(chat.post("أريد تقييم الخدمة").body()).get("messageId").asString();
        String conversationId = conversations.message(asked).orElseThrow().conversationId();

        JsonNode question = await().until(chat::messages, list -> list.size() == 2).get(1);
        assertThat(question.get("intent").asString()).isEqualTo("survey");
        assertThat(question.get("quickReplies")).hasSize(5);
        String surveyId = Survey.requestKey(conversationId);
        assertThat(surveys.survey(surveyId).orElseThrow().trigger()).isEqualTo(SurveyTrigger.ON_REQUEST);
        // the answer to the message that asked for it, threaded under it like any answer
        assertThat(conversations.message(question.get("id").asString()).orElseThrow().answers()).isEqualTo(asked);

        chat.post("٥ خدمة ممتازة");
        await().untilAsserted(() -> assertThat(surveys.survey(surveyId).orElseThrow().score()).isEqualTo(5));
        assertThat(surveys.survey(surveyId).orElseThrow().comment()).isEqualTo("خدمة ممتازة");
        assertThat(surveys.followUp(surveyId)).isEmpty();

        // Asking again in the same conversation does not send a second survey.
        chat.post("أريد تقييم الخدمة");
        await().until(() -> chat.messages().stream().filter(m -> "OUT".equals(m.get("direction").asString()))
                .anyMatch(m -> m.get("text").asString().contains("سبق أن أرسلنا")));
        assertThat(chat.messages()).filteredOn(m -> "survey".equals(m.path("intent").asString(""))).hasSize(1);
    }

    @Test
    void webChatSurveyIsSentOnceAndALowScoreWithACommentOpensAFollowUp() {
        var chat = new WebChatClient(port);
        String first = JSON.readTree(chat.post("السلام عليكم").body()).get("messageId").asString();
        await().until(() -> chat.messages().size() == 2);
        String conversationId = conversations.message(first).orElseThrow().conversationId();

        conversations.changeStatus(conversationId, ConversationStatus.RESOLVED, "staff-7");
        conversations.changeStatus(conversationId, ConversationStatus.RESOLVED, "staff-7");

        await().until(() -> chat.messages().size() == 3);
        JsonNode question = chat.messages().get(2);
        assertThat(question.get("intent").asString()).isEqualTo("survey");
        assertThat(question.get("text").asString()).contains("حقٌّ لك").contains("لا لمحاسبة أحد");
        assertThat(question.get("quickReplies")).hasSize(5);
        assertThat(question.get("quickReplies").get(0).get("payload").asString()).isEqualTo("survey:1");
        assertThat(question.get("quickReplies").get(4).get("title").asString()).isEqualTo("5 ممتاز");

        chat.post("٢ الانتظار كان طويلاً");
        String surveyId = Survey.conversationKey(conversationId);
        await().untilAsserted(() -> assertThat(surveys.survey(surveyId).orElseThrow().status())
                .isEqualTo(SurveyStatus.ANSWERED));
        Survey answered = surveys.survey(surveyId).orElseThrow();
        assertThat(answered.score()).isEqualTo(2);
        assertThat(answered.comment()).isEqualTo("الانتظار كان طويلاً");
        assertThat(surveys.answerOf(surveyId).orElseThrow().score()).isEqualTo(2);
        FollowUp followUp = await().until(() -> surveys.followUp(surveyId), java.util.Optional::isPresent).get();
        assertThat(followUp.status()).isEqualTo(FollowUp.Status.OPEN);
        assertThat(followUp.staffId()).isEqualTo("staff-7");
        assertThat(followUp.comment()).isEqualTo("الانتظار كان طويلاً");
        assertThat(surveys.openFollowUps(100)).extracting(FollowUp::id).contains(surveyId);

        // The answer went into the surveyed conversation, which is resolved again; the thanks reached the chat.
        await().until(() -> chat.messages().size() == 5);
        assertThat(chat.messages().get(4).get("intent").asString()).isEqualTo("survey-thanks");
        assertThat(conversations.message(JSON.readTree(chat.messages().get(3).toString()).get("id").asString())
                .orElseThrow().conversationId()).isEqualTo(conversationId);
        assertThat(conversations.conversation(conversationId).orElseThrow().status())
                .isEqualTo(ConversationStatus.RESOLVED);
        assertThat(surveyQuestions(conversationId)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(value = ChannelType.class, names = {"TELEGRAM", "SMS", "WHATSAPP", "EMAIL", "MESSENGER", "INSTAGRAM"})
    void eachMessagingChannelGetsOneSurveyWithItsChoices(ChannelType channel) {
        String conversationId = conversationOn(channel, "ar");
        conversations.changeStatus(conversationId, ConversationStatus.RESOLVED, null);
        conversations.changeStatus(conversationId, ConversationStatus.RESOLVED, null);

        List<Message> questions = surveyQuestions(conversationId);
        assertThat(questions).hasSize(1);
        Message question = questions.get(0);
        assertThat(question.channel()).isEqualTo(channel);
        assertThat(question.notification()).isTrue();
        assertThat(question.author()).isEqualTo(Author.SYSTEM);
        assertThat(question.quickReplies()).extracting(QuickReply::payload)
                .containsExactly("survey:1", "survey:2", "survey:3", "survey:4", "survey:5");
        assertThat(question.text()).contains("تقييمك حقٌّ لك");
        assertThat(surveys.survey(Survey.conversationKey(conversationId)).orElseThrow().status())
                .isEqualTo(SurveyStatus.PENDING);
    }

    @Test
    void englishSpeakersAreAskedInEnglishAndAHighScoreOpensNoFollowUp() {
        String conversationId = conversationOn(ChannelType.TELEGRAM, "en");
        conversations.changeStatus(conversationId, ConversationStatus.RESOLVED, null);
        Message question = surveyQuestions(conversationId).get(0);
        assertThat(question.text()).contains("your right").contains("not to blame");
        assertThat(question.quickReplies().get(4).title()).isEqualTo("5 Excellent");

        Survey survey = surveys.survey(Survey.conversationKey(conversationId)).orElseThrow();
        answer(survey, "Excellent", null);
        await().until(() -> surveys.survey(survey.id()).orElseThrow().status() == SurveyStatus.ANSWERED);
        assertThat(surveys.survey(survey.id()).orElseThrow().score()).isEqualTo(5);
        assertThat(surveys.followUp(survey.id())).isEmpty();

        // The next message, within the comment window, is the comment.
        answer(survey, "Quick and kind, thank you", null);
        await().until(() -> surveys.survey(survey.id()).orElseThrow().comment() != null);
        assertThat(surveys.answerOf(survey.id()).orElseThrow().comment()).isEqualTo("Quick and kind, thank you");
    }

    @Test
    void aButtonPressIsAnAnswer() {
        String conversationId = conversationOn(ChannelType.TELEGRAM, null);
        conversations.changeStatus(conversationId, ConversationStatus.RESOLVED, null);
        Survey survey = surveys.survey(Survey.conversationKey(conversationId)).orElseThrow();
        answer(survey, "4 جيد جدًا", "survey:4");
        await().until(() -> surveys.survey(survey.id()).orElseThrow().status() == SurveyStatus.ANSWERED);
        assertThat(surveys.survey(survey.id()).orElseThrow().score()).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(value = ChannelType.class, names = {"VOICE", "WALK_IN", "LETTER"})
    void channelsThatCannotAskGetNoSurvey(ChannelType channel) {
        String conversationId = conversationOn(channel, null);
        conversations.changeStatus(conversationId, ConversationStatus.RESOLVED, null);
        assertThat(surveys.survey(Survey.conversationKey(conversationId))).isEmpty();
    }

    @Test
    void aDeliveredServiceIsSurveyedOnceWithItsReference() {
        String conversationId = conversationOn(ChannelType.WHATSAPP, null);
        Case opened = cases.open(new OpenCase(CaseType.SUPPORT_REQUEST, null, conversationId, ChannelType.WHATSAPP,
                Map.of(), false, null, null, null, "bot"));
        cases.move(opened.id(), CaseStage.RECEIVED, CaseStage.SERVICE_DELIVERED, "officer-3", null);

        Survey survey = surveys.survey(Survey.caseKey(opened.id())).orElseThrow();
        assertThat(survey.trigger()).isEqualTo(SurveyTrigger.SERVICE_DELIVERED);
        assertThat(survey.caseType()).isEqualTo("SUPPORT_REQUEST");
        assertThat(surveyQuestions(conversationId)).singleElement()
                .satisfies(m -> assertThat(m.text()).contains(opened.reference()));
        assertThat(surveys.surveyCase(opened.id())).isEmpty();
        assertThat(surveyQuestions(conversationId)).hasSize(1);
    }

    @Test
    void anExpiredSurveyTakesNoAnswerAndTheMessageGoesToTheRulesLayer() {
        String conversationId = conversationOn(ChannelType.SMS, null);
        conversations.changeStatus(conversationId, ConversationStatus.RESOLVED, null);
        Survey survey = surveys.survey(Survey.conversationKey(conversationId)).orElseThrow();

        Instant later = survey.expiresAt().plusSeconds(1);
        assertThat(surveys.expire(later)).isGreaterThanOrEqualTo(1);
        assertThat(surveys.survey(survey.id()).orElseThrow().status()).isEqualTo(SurveyStatus.EXPIRED);
        assertThat(surveys.awaiting(survey.channel(), survey.address())).isEmpty();

        String messageId = answer(survey, "5", null);
        await().until(() -> conversations.message(messageId).orElseThrow().handledAt() != null);
        assertThat(surveys.survey(survey.id()).orElseThrow().score()).isNull();
        String answeredIn = conversations.message(messageId).orElseThrow().conversationId();
        assertThat(answeredIn).isNotEqualTo(conversationId);
        // The rules layer answered it as any other message.
        assertThat(conversations.messages(answeredIn)).anySatisfy(m -> assertThat(m.author()).isEqualTo(Author.BOT));
    }

    @Test
    void aSurveyPastItsTimeIsNotAnsweredEvenBeforeTheSweep() {
        String conversationId = conversationOn(ChannelType.SMS, null);
        conversations.changeStatus(conversationId, ConversationStatus.RESOLVED, null);
        Survey survey = surveys.survey(Survey.conversationKey(conversationId)).orElseThrow();
        Message late = conversations.messages(conversationId).get(0);
        assertThat(surveys.answer(withText(late, "5"), survey.expiresAt())).isFalse();
        assertThat(surveys.survey(survey.id()).orElseThrow().status()).isEqualTo(SurveyStatus.PENDING);
    }

    private static Message withText(Message m, String text) {
        return Message.inbound(m.id(), m.route(), InboundMessage.text(m.channel(), UUID.randomUUID().toString(),
                new Sender(m.address(), null, null, null), text), List.of(), m.createdAt(), new Message.Claim(null, null));
    }

    private String conversationOn(ChannelType channel, String language) {
        String address = channel == ChannelType.EMAIL ? "b" + UUID.randomUUID() + "@example.org"
                : channel == ChannelType.SMS || channel == ChannelType.WHATSAPP || channel == ChannelType.VOICE
                ? "+96650" + (1000000 + (int) (Math.random() * 8999999)) : UUID.randomUUID().toString();
        var in = InboundMessage.text(channel, UUID.randomUUID().toString(), new Sender(address, null, null, language),
                "مرحبا");
        String messageId = inbound.receive(in).messageId();
        await().until(() -> conversations.message(messageId).orElseThrow().handledAt() != null);
        return conversations.message(messageId).orElseThrow().conversationId();
    }

    private String answer(Survey survey, String text, String payload) {
        return inbound.receive(new InboundMessage(survey.channel(), UUID.randomUUID().toString(),
                new Sender(survey.address(), null, null, null), text, List.of(), null, payload, List.of(), Map.of()))
                .messageId();
    }

    private List<Message> surveyQuestions(String conversationId) {
        return conversations.messages(conversationId).stream().filter(m -> "survey".equals(m.intent())).toList();
    }
}
