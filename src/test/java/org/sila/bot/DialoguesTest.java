package org.sila.bot;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sila.HubTest;
import org.sila.WebChatClient;
import org.sila.casework.Case;
import org.sila.casework.CaseService;
import org.sila.casework.CaseType;
import org.sila.channel.Asking;
import org.sila.channel.Attachment;
import org.sila.channel.ChannelType;
import org.sila.channel.InboundGateway;
import org.sila.channel.InboundMessage;
import org.sila.channel.Sender;
import org.sila.channel.SharedContent;
import org.sila.conversation.ConversationService;
import org.sila.conversation.ConversationStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sila.WebChatClient.JSON;

/** The intake dialogues end to end, through the web chat's HTTP API as the widget uses it. */
@HubTest
class DialoguesTest {

    /** A valid Saudi ID: ten digits, starts with 1, Luhn check digit 8. */
    static final String SAUDI_ID = "1000000008";

    @LocalServerPort
    int port;
    @Autowired
    CaseService cases;
    @Autowired
    ConversationService conversations;
    @Autowired
    InboundGateway inbound;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    UnfinishedDialogues sweep;

    @Test
    void anApplicationChecksEachAnswerAsksForTheAttestationAndOpensARequest() {
        var chat = new Chat();
        assertThat(chat.say("ابي اسجل عندكم").intent()).isEqualTo("apply-support");
        assertThat(chat.say("فاطمة علي").text()).contains("رقم هويتك");
        assertThat(chat.say("123456789").text()).contains("غير صحيح", "10 أرقام");
        assertThat(chat.say("1000000007").text()).contains("غير صحيح");
        assertThat(chat.say("لماذا").text()).contains("للتحقق");
        assertThat(chat.say("١٠٠٠٠٠٠٠٠٨").text()).contains("جوالك");
        assertThat(chat.say("0551234567").text()).contains("مدينة");
        assertThat(chat.say("الرياض").text()).contains("أفراد الأسرة");
        // more than a number is asked again, never guessed; a number in words is a number
        assertThat(chat.say("انا وزوجتي وثلاثة اطفال").text()).contains("رقماً");
        Said status = chat.say("خمسة أفراد");
        assertThat(status.buttons()).isEqualTo(4);
        assertThat(chat.say("مو متزوجة").text()).as("a negation is no choice").contains("اختر");
        assertThat(chat.say("انا أرملة").text()).contains("فئتك العمرية");
        assertThat(chat.say("3").text()).contains("احتياجك"); // one programme: not asked
        assertThat(chat.say("مساعدة في إيجار البيت").text()).contains("المستندات");
        Said summary = chat.say("عندي صورة الهوية");
        assertThat(summary.text()).contains("فاطمة علي", SAUDI_ID, "أرمل/ة", "الرياض", "أقرّ");
        Said done = chat.tap("yes", "نعم");
        assertThat(done.text()).matches("(?s).*SR-\\d{4}-\\d{6}.*").contains("لجنة البحث",
                "لا تقل عن أسبوعين");

        String reference = done.text().replaceAll("(?s).*(SR-\\d{4}-\\d{6}).*", "$1");
        Case request = cases.byReference(reference).orElseThrow();
        assertThat(request.type()).isEqualTo(CaseType.SUPPORT_REQUEST);
        assertThat(request.fields()).containsEntry("nationalId", SAUDI_ID).containsEntry("familySize", "5")
                .containsEntry("phone", "+966551234567").containsEntry("socialStatus", "widowed")
                .containsEntry("ageGroup", "40to59");
        assertThat(request.attestation().channel()).isEqualTo(ChannelType.TELEGRAM);
        assertThat(request.attestation().at()).isNotNull();
        assertThat(request.attestation().statement()).contains("مسؤول");
        assertThat(request.dueAt()).isAfter(request.createdAt());

        Said mine = chat.say("وين وصل طلبي");
        assertThat(mine.intent()).isEqualTo("request-status");
        assertThat(mine.text()).contains(reference, "تم الاستلام");
    }

    @Test
    void aQuestionInTheMiddleIsAnsweredAndTheApplicationGoesOnWithItsAnswersKept() {
        var chat = new Chat();
        chat.say("ابي اقدم على مساعدة");
        Said notAName = chat.say("شو الاوراق المطلوبة");
        assertThat(notAName.intent()).isEqualTo("required-documents");
        assertThat(notAName.text()).contains("صورة الهوية", "ما اسمك الكامل");
        assertThat(chat.say("انا ابي").text()).contains("لا يبدو اسماً", "ما اسمك الكامل");
        assertThat(chat.say("فاطمة علي").text()).contains("رقم هويتك");
        Said when = chat.say("متى تردون على الطلب");
        assertThat(when.intent()).isEqualTo("decision-time");
        assertThat(when.text()).contains("لا تقل عن أسبوعين", "رقم هويتك");
        Said other = chat.say("ابي اقدم اقتراح");
        assertThat(other.text()).contains("إلغاء", "رقم هويتك");
        assertThat(chat.say("لماذا تحتاجون هذا").text()).contains("للتحقق", "رقم هويتك");
        // the questions were not held against her as misunderstood answers
        assertThat(mongo.findById(chat.conversationId(), DialogueState.class).misunderstandings()).isZero();
        assertThat(chat.say(SAUDI_ID).text()).contains("جوالك");
        DialogueState state = mongo.findById(chat.conversationId(), DialogueState.class);
        assertThat(state.fields()).containsEntry("name", "فاطمة علي").containsEntry("nationalId", SAUDI_ID);
    }

    @Test
    void aDialogueLeftTooLongIsForgottenAndTheBeneficiaryIsTold() {
        var chat = new Chat();
        chat.say("ابي اقدم على مساعدة");
        chat.say("فاطمة علي");
        DialogueState left = mongo.findById(chat.conversationId(), DialogueState.class);
        mongo.save(new DialogueState(left.id(), left.flow(), left.step(), left.fields(), left.language(), 0,
                left.updatedAt().minus(Duration.ofHours(25)), null, null));
        assertThat(sweep.forgetLeftBefore(java.time.Instant.now())).isGreaterThanOrEqualTo(1);
        DialogueState erased = mongo.findById(chat.conversationId(), DialogueState.class);
        assertThat(erased.fields()).isEmpty();
        assertThat(erased.forgotten()).isEqualTo("application");

        chat.post("1000000008");
        var messages = await().atMost(Duration.ofSeconds(10)).until(() -> conversations.messages(
                chat.conversationId()), list -> list.size() >= 7);
        assertThat(messages.get(5).text()).contains("لم تكتمل", "24 ساعة");
        assertThat(mongo.findById(chat.conversationId(), DialogueState.class).flow()).isNull();
    }

    /**
     * Issue 15: a file with no text gets a question back with the main choices; issue 16: a file the application's
     * documents step waits for is its answer (the content responder leaves it to the dialogue).
     */
    @Test
    void aFileOutsideADialogueGetsAQuestionBackAndAtTheDocumentsStepIsTheAnswer() {
        var photo = List.of(new Attachment("id-card.jpg", "image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2}));
        String alone = "file-" + System.nanoTime();
        String conversation = telegram(alone, 0, "", photo, null);
        var asked = awaitReplies(conversation, 1).get(1);
        assertThat(asked.intent()).isEqualTo("content-file");
        assertThat(asked.text()).contains("id-card.jpg");
        assertThat(asked.quickReplies()).isNotEmpty();

        String applying = "file-" + System.nanoTime();
        String application = telegram(applying, 0, "…", List.of(), BotResponder.INTENT_PAYLOAD + "apply-support");
        List<String> answers = List.of("نورة سعد", SAUDI_ID, "0551234567", "جدة", "4", "1", "2", "سلة غذائية شهرية");
        for (int i = 0; i < answers.size(); i++) {
            awaitReplies(application, i + 1);
            telegram(applying, i + 1, answers.get(i), List.of(), null);
        }
        awaitReplies(application, answers.size() + 1);
        assertThat(mongo.findById(application, DialogueState.class).step()).isEqualTo("documents");
        telegram(applying, answers.size() + 1, "", photo, null);
        var summary = awaitReplies(application, answers.size() + 2).get(2 * (answers.size() + 2) - 1);
        assertThat(summary.intent()).isEqualTo("apply-support");
        DialogueState state = mongo.findById(application, DialogueState.class);
        assertThat(state.step()).isEqualTo("attest");
        assertThat(state.fields()).containsEntry("documents", "id-card.jpg");
    }

    /**
     * Left by issue 15's audit: a place or a contact card sent in the middle of a dialogue got the general question
     * back (the main choices), and the dialogue's own question was lost. It is asked again, saying what is expected.
     */
    @Test
    void aPlaceOrAStickerInTheMiddleOfADialogueGetsThePendingQuestionAgain() {
        String address = "place-" + System.nanoTime();
        String conversation = telegram(address, 0, "…", List.of(), BotResponder.INTENT_PAYLOAD + "apply-support");
        awaitReplies(conversation, 1);
        var place = new SharedContent.Location(24.7136, 46.6753, "حي النسيم", null);
        inbound.receive(new InboundMessage(ChannelType.TELEGRAM, address + "-1", Sender.of(address), "", List.of(),
                null, null, List.of(), place.toMetadata()));
        var again = awaitReplies(conversation, 2).get(3);
        assertThat(again.intent()).isEqualTo("apply-support");
        assertThat(again.text()).contains("اسمك الكامل");
        assertThat(mongo.findById(conversation, DialogueState.class).step()).isEqualTo("name");

        var sticker = new SharedContent.Sticker("👍");
        inbound.receive(new InboundMessage(ChannelType.TELEGRAM, address + "-2", Sender.of(address), "", List.of(),
                null, null, List.of(), sticker.toMetadata()));
        assertThat(awaitReplies(conversation, 3).get(5).text()).contains("اسمك الكامل");
        telegram(address, 3, "نورة سعد", List.of(), null);
        assertThat(awaitReplies(conversation, 4).get(7).text()).contains("رقم هويتك");
    }

    /** A voice note only a person can hear goes to staff, also mid-dialogue, unless the step takes files. */
    @Test
    void aVoiceNoteInTheMiddleOfADialogueGoesToStaffNotToTheNameCheck() {
        String address = "voice-" + System.nanoTime();
        String conversation = telegram(address, 0, "…", List.of(), BotResponder.INTENT_PAYLOAD + "apply-support");
        awaitReplies(conversation, 1);
        telegram(address, 1, "", List.of(new Attachment("voice.ogg", "audio/ogg", new byte[] {'O', 'g', 'g', 'S'})),
                null);
        var heard = awaitReplies(conversation, 2).get(3);
        assertThat(heard.intent()).isEqualTo("handoff");
        assertThat(conversations.conversation(conversation).orElseThrow().status())
                .isEqualTo(ConversationStatus.WAITING);
        assertThat(mongo.findById(conversation, DialogueState.class).misunderstandings()).isZero();
    }

    private String telegram(String address, int n, String text, List<Attachment> files, String payload) {
        var receipt = inbound.receive(new InboundMessage(ChannelType.TELEGRAM, address + "-" + n, Sender.of(address),
                text, files, null, payload, List.of(), Map.of()));
        return conversations.message(receipt.messageId()).orElseThrow().conversationId();
    }

    /** The conversation once the bot has answered {@code turns} messages: every message and reply, in order. */
    private List<org.sila.conversation.Message> awaitReplies(String conversation, int turns) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> conversations.messages(conversation),
                list -> list.size() >= 2 * turns);
    }

    /**
     * Found by the held-out set of 2026-12-01 (fixed after it was played, so that set is tuned on now): a choice in
     * dialect or said of oneself in English, a question about what the step asks for, a count with "حنا" or "ديال
     * الناس", and "I won't go on".
     */
    @Test
    void dialectChoicesCountsAQuestionAboutTheStepAndNotGoingOnAreUnderstood() {
        var chat = new Chat(port);
        chat.say("ابي اسجل عندكم");
        chat.say("حسن علي");
        Said why = chat.say("شو بدكن بالهوية؟");
        assertThat(why.text()).as("why the ID is asked, then the question again").contains("للتحقق", "رقم هويتك");
        assertThat(chat.say("فين رقم الطلب بتاعي؟").text()).as("a question about something else is no why")
                .doesNotContain("للتحقق");
        chat.say("1000000008");
        chat.say("0551234567");
        chat.say("القاهرة");
        assertThat(chat.say("حنا ثمانية").text()).contains("حالتك الاجتماعية");
        assertThat(chat.say("متجوزة").text()).contains("فئتك العمرية");

        var english = new Chat(port);
        english.say("I want to apply for support");
        english.say("John Smith");
        english.say("1000000008");
        english.say("0551234567");
        english.say("Riyadh");
        english.say("five");
        assertThat(english.say("I'm a widow").text()).containsIgnoringCase("age");

        // found by the fourth held-out set: an age for the age group, a choice and then a few words, "I don't know"
        var elderly = new Chat(port);
        elderly.say("ابي اسجل عندكم");
        elderly.say("سعاد محمود");
        elderly.say("1000000008");
        elderly.say("0551234567");
        Said unsure = elderly.say("مدري");
        assertThat(unsure.text()).as("not taken for a city").contains("لا بأس", "مدينة");
        elderly.say("أسيوط");
        elderly.say("2");
        assertThat(elderly.say("أرملة الله يرحمه").text()).contains("فئتك العمرية");
        assertThat(elderly.say("عمري سبعين").text()).contains("احتياجك");

        var declining = new Chat(port);
        declining.say("عندي اقتراح");
        assertThat(declining.say("خلص ما بدي").text()).as("not filed as the suggestion").contains("تم الإلغاء");
        assertThat(cases.ofBeneficiary(declining.beneficiaryId())).isEmpty();

        var leaving = new Chat(port);
        leaving.say("ابي اقدم شكوى");
        assertThat(leaving.say("ما بدي كمل").text()).contains("تم الإلغاء");
        assertThat(cases.ofBeneficiary(leaving.beneficiaryId())).isEmpty();
    }

    @Test
    void cancelLeavesADialogueCleanlyAtAnyStep() {
        var chat = new Chat(port);
        chat.say("I want to apply for support");
        assertThat(chat.say("Sara Ahmed").text()).contains("ID");
        Said cancelled = chat.say("cancel");
        assertThat(cancelled.text()).contains("Cancelled");
        assertThat(chat.say("Hello").intent()).isEqualTo("greeting");

        var arabic = new Chat(port);
        arabic.say("ابي اقدم شكوى");
        assertThat(arabic.say("إلغاء").text()).contains("تم الإلغاء");
        assertThat(cases.ofBeneficiary(arabic.beneficiaryId())).isEmpty();
    }

    @Test
    void anAnonymousComplaintAboutStaffIsRecordedWithoutTheBeneficiary() {
        var chat = new Chat(port);
        assertThat(chat.say("عندي شكوى على موظف").intent()).isEqualTo("complaint");
        assertThat(chat.say("ايوه").text()).contains("أحد الموظفين");
        assertThat(chat.say("ربما").text()).contains("«نعم» أو «لا»");
        chat.tap("yes", "نعم");
        Said done = chat.say("الموظف رفض استلام أوراقي وكان يصرخ");
        assertThat(done.text()).contains("CP-");
        String reference = done.text().replaceAll("(?s).*(CP-\\d{4}-\\d{6}).*", "$1");
        Case complaint = cases.byReference(reference).orElseThrow();
        assertThat(complaint.anonymous()).isTrue();
        assertThat(complaint.beneficiaryId()).isNull();
        assertThat(complaint.fields()).containsEntry("aboutStaff", "true").containsKey("text");
    }

    /**
     * Left by issue 16's audit: a question asked where the complaint's text was expected was filed as the complaint.
     * Now the bot asks which it is: a question is answered and the complaint asked for again; the complaint, once
     * confirmed, is filed as written. A complaint put as "why ...?" is taken as it is.
     */
    @Test
    void aQuestionWhereTheComplaintWasExpectedIsNeitherFiledNorLostButAskedAbout() {
        var chat = new Chat();
        assertThat(chat.say("عندي شكوى").intent()).isEqualTo("complaint");
        chat.tap("no", "لا");
        chat.tap("no", "لا");
        // a question the knowledge base is not sure enough of to answer on its own
        Said held = chat.say("قديش بياخد وقت لتردوا عليي؟");
        assertThat(held.intent()).isEqualTo("dialogue-held");
        assertThat(held.buttons()).isEqualTo(2);
        Said answered = chat.tap(Dialogues.HELD_IS_QUESTION, "لا، هو سؤال");
        assertThat(answered.intent()).isNotIn("complaint", "dialogue-held");
        assertThat(answered.text()).contains("شكواك");
        assertThat(mongo.findById(chat.conversationId(), DialogueState.class).step()).isEqualTo("text");
        // the button tapped again (Telegram keeps it): the pending question, not the button's title as the complaint
        Said tappedAgain = chat.tap(Dialogues.HELD_IS_QUESTION, "لا، هو سؤال");
        assertThat(tappedAgain.text()).contains("شكواك").doesNotContain("CP-");

        assertThat(chat.say("لماذا لا تردون على اتصالاتي؟").text()).as("a why-question is a complaint")
                .contains("CP-");

        var again = new Chat();
        again.say("عندي شكوى");
        again.tap("no", "لا");
        again.tap("no", "لا");
        assertThat(again.say("هل يعقل أن أنتظر شهراً كاملاً دون رد؟").intent()).isEqualTo("dialogue-held");
        Said filed = again.say("نعم");
        assertThat(filed.text()).contains("CP-");
        String reference = filed.text().replaceAll("(?s).*(CP-\\d{4}-\\d{6}).*", "$1");
        assertThat(cases.byReference(reference).orElseThrow().fields())
                .containsEntry("text", "هل يعقل أن أنتظر شهراً كاملاً دون رد؟");
    }

    /**
     * Left by issue 16's audit: a dialect question the knowledge base was not sure of, asked where a name was
     * expected, was told "this is not a name". The topics it may be about are offered beside the pending question,
     * and a topic's button answers it and asks the pending question again.
     */
    @Test
    void aQuestionTheBotIsUnsureOfMidDialogueGetsTheLikelyTopicsNotARefusal() {
        var chat = new Chat();
        chat.say("ابي اسجل عندكم");
        Said offered = chat.say("قديش بياخد وقت لتردوا عليي؟");
        assertThat(offered.intent()).isEqualTo("dialogue-guesses");
        assertThat(offered.text()).contains("اسمك الكامل");
        assertThat(offered.firstPayload()).startsWith(BotResponder.INTENT_PAYLOAD);
        DialogueState state = mongo.findById(chat.conversationId(), DialogueState.class);
        assertThat(state.step()).isEqualTo("name");
        assertThat(state.misunderstandings()).isZero();

        // at a choice, the step's own buttons stay, the topics after them
        var choosing = new Chat();
        for (String answer : List.of("ابي اسجل عندكم", "فاطمة علي", SAUDI_ID, "0551234567", "الرياض", "5")) {
            choosing.say(answer);
        }
        Said both = choosing.say("قديش بياخد وقت لتردوا عليي؟");
        assertThat(both.intent()).isEqualTo("dialogue-guesses");
        assertThat(both.firstPayload()).isEqualTo("married");
        assertThat(both.buttons()).isGreaterThan(4);

        String topic = offered.firstPayload().substring(BotResponder.INTENT_PAYLOAD.length());
        Said answered = chat.tap(offered.firstPayload(), "…");
        assertThat(answered.intent()).isEqualTo(topic);
        assertThat(answered.text()).contains("اسمك الكامل");
        assertThat(chat.say("فاطمة علي").text()).contains("رقم هويتك");
    }

    @Test
    void statusIsOnlyToldToWhoeverHasTheReferenceAndItsPhone() {
        var owner = new Chat();
        owner.say("ابي اتطوع");
        owner.say("خالد سالم");
        owner.say("0551112223");
        String reference = owner.say("توزيع السلال الغذائية").text()
                .replaceAll("(?s).*(VL-\\d{4}-\\d{6}).*", "$1");
        assertThat(reference).startsWith("VL-");

        var stranger = new Chat(port);
        assertThat(stranger.say("وش صار على طلبي").text()).contains("رقم طلبك");
        stranger.say(reference.toLowerCase());
        assertThat(stranger.say("0559999999").text()).contains("لا أجد");
        stranger.say("وين وصل طلبي");
        stranger.say(reference);
        assertThat(stranger.say("0551112223").text()).contains(reference);
    }

    @Test
    void theQuestionForThePhoneSaysItAsksForThePhoneSoTelegramCanOfferItsButton() {
        var chat = new Chat();
        chat.say("ابي اتطوع");
        assertThat(lastReply(chat).details()).doesNotContainKey(Asking.KEY);
        assertThat(chat.say("خالد سالم").text()).contains("جوال");
        assertThat(lastReply(chat).details()).containsEntry(Asking.KEY, Asking.PHONE)
                .containsEntry(Asking.LABEL, "📱 مشاركة رقم جوالي");
        chat.say("0551112224");
        assertThat(lastReply(chat).details()).doesNotContainKey(Asking.KEY);
    }

    private org.sila.conversation.Message lastReply(Chat chat) {
        var messages = conversations.messages(chat.conversationId());
        return messages.get(messages.size() - 1);
    }

    @Test
    void askingForAPersonHandsOverAndTheBotFallsSilent() {
        var chat = new Chat(port);
        Said handoff = chat.say("ابي اكلم موظف");
        assertThat(handoff.intent()).isEqualTo("handoff");
        assertThat(handoff.text()).contains("فريق علاقات المستفيدين");
        assertThat(chat.status()).isEqualTo(ConversationStatus.WAITING);
        chat.post("مرحبا");
        await().until(chat::lastHandled);
        assertThat(chat.client.messages()).hasSize(3);
    }

    @Test
    void aQuickReplyChoosesTheIntentAndEnglishIsAnsweredInEnglish() {
        var chat = new Chat(port);
        Said docs = chat.tap("intent:required-documents", "المستندات المطلوبة");
        assertThat(docs.intent()).isEqualTo("required-documents");
        assertThat(docs.text()).contains("صورة الهوية");
        Said time = chat.say("how long does the committee take to decide?");
        assertThat(time.intent()).isEqualTo("decision-time");
        assertThat(time.text()).contains("two weeks");
    }

    @Test
    void outOfScopeGetsAPoliteFallbackAndUnclearQuestionsAreKeptForEditors() {
        var chat = new Chat(port);
        Said weather = chat.say("وش الجو اليوم في الرياض");
        assertThat(weather.intent()).isEqualTo("out-of-scope");
        assertThat(weather.text()).contains("خارج نطاق");
        assertThat(chat.status()).isEqualTo(ConversationStatus.BOT);
        assertThat(mongo.getCollection("unanswered").countDocuments(
                new org.bson.Document("conversationId", chat.conversationId()))).isEqualTo(1);
        // kept with its spelling folded, so the measurement centre counts "وش الجو" and "وش الجوّ" together
        assertThat(mongo.getCollection("unanswered").find(new org.bson.Document("conversationId",
                chat.conversationId())).first().getString("key")).isEqualTo("وش الجو اليوم في الرياض");
    }

    @Test
    void aRefusalNearTheAssociationsBusinessOffersTheNearestTopicFirst() {
        IntentMatcher matcher = IntentMatcher.load(java.nio.file.Path.of("."));
        String near = java.util.stream.Stream.of("ساعات عمل البنك اليوم", "وش الاوراق المطلوبة لتجديد الجواز",
                        "كيف اسجل في الجامعة", "رقم مطعم قريب", "ابي اغير رقمي في ابشر")
                .filter(t -> matcher.decide(t).kind() == IntentMatcher.Kind.OUT_OF_SCOPE
                        && !matcher.decide(t).guesses().isEmpty()).findFirst().orElseThrow();
        String nearest = matcher.decide(near).guesses().get(0).intent();
        var chat = new Chat(port);
        Said said = chat.say(near);
        assertThat(said.intent()).isEqualTo("out-of-scope");
        assertThat(said.text()).contains("خارج نطاق");
        assertThat(said.firstPayload()).isEqualTo(INTENT + nearest);
        assertThat(said.buttons()).isEqualTo(5); // as many as the plain menu: four topics and staff
    }

    @Test
    void anUnclearQuestionOffersTheBestGuessesAsButtonsAndATapAnswersIt() {
        IntentMatcher matcher = IntentMatcher.load(java.nio.file.Path.of("."));
        String unclear = java.util.stream.Stream.of("متى دوامكم", "وين مقركم", "كيف تحمون بياناتي", "فرص تطوعية",
                        "حصلي ضرر منكم", "غيرت سكني", "هل انا مستحق")
                .filter(t -> matcher.decide(t).kind() == IntentMatcher.Kind.UNSURE).findFirst().orElseThrow();
        String guess = matcher.decide(unclear).guesses().get(0).intent();
        var chat = new Chat(port);
        Said said = chat.say(unclear);
        assertThat(said.intent()).isEqualTo("did-you-mean");
        assertThat(said.text()).contains("هل تقصد");
        assertThat(said.buttons()).isBetween(2, 4);
        assertThat(mongo.getCollection("unanswered").countDocuments(new org.bson.Document("conversationId",
                chat.conversationId()).append("kind", "UNSURE"))).isEqualTo(1);
        assertThat(chat.tap(INTENT + guess, "…").intent()).isEqualTo(guess);
    }

    static final String INTENT = BotResponder.INTENT_PAYLOAD;

    @Test
    void aChannelsHandOverFlagGoesToStaffWithoutAnAnswer() {
        String address = "caller-" + System.nanoTime();
        var receipt = inbound.receive(new InboundMessage(ChannelType.VOICE, "v-" + address, Sender.of(address),
                "رسالة صوتية", List.of(), null, null, List.of(), Map.of(InboundMessage.META_HANDOFF, "true")));
        await().until(() -> conversations.message(receipt.messageId()).orElseThrow().handledAt() != null);
        String conversationId = conversations.message(receipt.messageId()).orElseThrow().conversationId();
        assertThat(conversations.conversation(conversationId).orElseThrow().status())
                .isEqualTo(ConversationStatus.WAITING);
        assertThat(conversations.messages(conversationId)).hasSize(1);
    }

    @Test
    void refusedFilesAreExplainedWithTheLimit() {
        String address = "sender-" + System.nanoTime();
        var receipt = inbound.receive(new InboundMessage(ChannelType.TELEGRAM, "t-" + address, Sender.of(address),
                "", List.of(), null, null, List.of(), Map.of(InboundMessage.META_ATTACHMENTS_REJECTED,
                "scan.pdf (30 MB)", InboundMessage.META_ATTACHMENT_LIMIT_BYTES, "20971520")));
        await().until(() -> conversations.message(receipt.messageId()).orElseThrow().handledAt() != null);
        var messages = conversations.messages(conversations.message(receipt.messageId()).orElseThrow()
                .conversationId());
        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).text()).contains("scan.pdf", "20 ميغابايت");
        assertThat(messages.get(1).intent()).isEqualTo("attachments-rejected");
    }

    /** What the bot said last. */
    record Said(String text, String intent, int buttons, String firstPayload) {
    }

    /**
     * A beneficiary who sends one message at a time and waits for the bot's answer: through the web chat's HTTP
     * API, or (for the long application, which the web chat's per-session rate limit would slow) through the
     * inbound gateway as the Telegram adapter does: the dialogues are the same on every channel.
     */
    final class Chat {
        final WebChatClient client;
        private final String address = "tg-" + System.nanoTime();
        private int seen;
        private int sent;
        private String conversationId;
        private String beneficiaryId;

        Chat(int port) {
            client = new WebChatClient(port);
        }

        Chat() {
            client = null;
        }

        void post(String text) {
            send(text, null);
        }

        private void send(String text, String payload) {
            if (client == null) {
                var receipt = inbound.receive(new InboundMessage(ChannelType.TELEGRAM, address + "-" + sent++,
                        Sender.of(address), text, List.of(), null, payload, List.of(), Map.of()));
                var message = conversations.message(receipt.messageId()).orElseThrow();
                conversationId = message.conversationId();
                beneficiaryId = message.beneficiaryId();
                return;
            }
            String body = payload == null ? JSON.writeValueAsString(Map.of("text", text))
                    : JSON.writeValueAsString(Map.of("text", text, "quickReplyPayload", payload));
            // A 429 stores nothing; the widget waits and sends again, and so does this.
            await().atMost(Duration.ofSeconds(20)).until(() -> client.postJson(body).statusCode() == 202);
        }

        Said say(String text) {
            send(text, null);
            return awaitReply();
        }

        Said tap(String payload, String title) {
            send(title, payload);
            return awaitReply();
        }

        private Said awaitReply() {
            if (client == null) {
                var messages = await().atMost(Duration.ofSeconds(10)).until(
                        () -> conversations.messages(conversationId), list -> list.size() >= seen + 2
                                && list.get(list.size() - 1).direction() == org.sila.conversation.Direction.OUT);
                seen = messages.size();
                var last = messages.get(messages.size() - 1);
                return new Said(last.text(), last.intent(), last.quickReplies().size(),
                        last.quickReplies().isEmpty() ? null : last.quickReplies().get(0).payload());
            }
            List<JsonNode> messages = await().atMost(Duration.ofSeconds(10)).until(client::messages,
                    list -> list.size() >= seen + 2 && "OUT".equals(list.get(list.size() - 1).get("direction").asString()));
            seen = messages.size();
            JsonNode last = messages.get(messages.size() - 1);
            JsonNode buttons = last.get("quickReplies");
            return new Said(last.get("text").asString(), last.get("intent").asString(), buttons.size(),
                    buttons.isEmpty() ? null : buttons.get(0).get("payload").asString());
        }

        String conversationId() {
            if (client == null) {
                return conversationId;
            }
            return conversations.message(client.messages().get(0).get("id").asString()).orElseThrow().conversationId();
        }

        String beneficiaryId() {
            if (client == null) {
                return beneficiaryId;
            }
            return conversations.message(client.messages().get(0).get("id").asString()).orElseThrow().beneficiaryId();
        }

        ConversationStatus status() {
            return conversations.conversation(conversationId()).orElseThrow().status();
        }

        boolean lastHandled() {
            List<JsonNode> messages = client.messages();
            String id = messages.get(messages.size() - 1).get("id").asString();
            return conversations.message(id).orElseThrow().handledAt() != null;
        }
    }
}
