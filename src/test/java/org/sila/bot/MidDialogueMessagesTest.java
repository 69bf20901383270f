package org.sila.bot;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sila.HubTest;
import org.sila.channel.ChannelType;
import org.sila.channel.InboundGateway;
import org.sila.channel.InboundMessage;
import org.sila.channel.Sender;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Direction;
import org.sila.conversation.Message;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The labelled multi-turn set {@code dialogues/mid-dialogue.yml} (written for issue 16, never tuned on): the share
 * of mid-dialogue questions handled (answered, the pending question asked again, answers kept), of real answers
 * still accepted, and of implausible values refused; and a held-out set written for the audit of issue 16. The
 * floors guard against a regression; the figures print.
 */
@HubTest
class MidDialogueMessagesTest {

    @Autowired
    InboundGateway inbound;
    @Autowired
    ConversationService conversations;
    @Autowired
    MongoTemplate mongo;

    @Autowired
    UnfinishedDialogues sweep;

    /** {@code start}: the text sent with the dialogue's button (null: "…"); {@code pauseHours}: time left before say. */
    record Case(String flow, String start, List<String> before, Integer pauseHours, String say, String label) {
    }

    record Turned(DialogueState before, DialogueState after, Message reply, List<Message> replies) {
    }

    record Figures(Map<String, int[]> perLabel, List<String> misses) {
        int met(String label) {
            return perLabel.getOrDefault(label, new int[2])[0];
        }

        int of(String label) {
            return perLabel.getOrDefault(label, new int[2])[1];
        }
    }

    @Test
    void digressionsAreAnsweredAndRealAnswersStillAccepted() throws Exception {
        Figures f = play("/dialogues/mid-dialogue.yml");
        assertThat(f.met("digression")).as("digressions handled").isGreaterThanOrEqualTo(f.of("digression") * 8 / 10);
        assertThat(f.met("answer")).as("real answers accepted").isGreaterThanOrEqualTo(f.of("answer") * 9 / 10);
        assertThat(f.met("refuse")).as("implausible values refused").isGreaterThanOrEqualTo(f.of("refuse") * 8 / 10);
    }

    /**
     * The held-out set written for issue 16's audit, played once before any change: it also asks for cancel, "why?"
     * and a person mid-dialogue, and for a pause within and beyond the profile's keeping time.
     */
    @Test
    void aHeldOutSetInFiveDialectsKeepsTheThread() throws Exception {
        Figures f = play("/dialogues/held-out-2026-11-30.yml");
        for (String label : List.of("cancel", "why", "person", "resume", "forgotten")) {
            assertThat(f.met(label)).as(label).isEqualTo(f.of(label));
        }
        assertThat(f.met("digression") + f.met("answer") + f.met("refuse")).as("digressions, answers, refusals")
                .isGreaterThanOrEqualTo((f.of("digression") + f.of("answer") + f.of("refuse")) * 6 / 10);
    }

    /**
     * A third set, written on 2026-12-01 before it was first played (the one above had been tuned on). First played:
     * 16/21. Its misses were fixed in the next session, so it is tuned on too and now asked of in full.
     */
    @Test
    void aSecondHeldOutSetKeepsTheThread() throws Exception {
        Figures f = play("/dialogues/held-out-2026-12-01.yml");
        assertThat(f.misses()).isEmpty();
    }

    /**
     * A fourth set, written before the third one's misses were fixed and before it was first played. First played:
     * digressions 2/3, answers 7/14, why 3/3, person 2/2, cancel 2/3, refusals 0/1 (16/26). Eight of its ten misses
     * were fixed then, so it is tuned on too; the Maghrebi question at a yes-or-no step is left.
     */
    @Test
    void aThirdHeldOutSetKeepsTheThread() throws Exception {
        Figures f = play("/dialogues/held-out-2026-12-01b.yml");
        assertThat(f.misses()).hasSizeLessThanOrEqualTo(1);
    }

    /**
     * A fifth set, written before the fourth one's misses were fixed and before it was first played, but after they
     * were read: it asks of the same kinds of answer (ages, "I don't know"), so it flatters the fixes. First played:
     * 19/21 (answers 7/9: "جوج", "just me").
     */
    @Test
    void aFourthHeldOutSetKeepsTheThread() throws Exception {
        atLeastHalfOfAnUnseenSet(play("/dialogues/held-out-2026-12-01c.yml"));
    }

    /**
     * A sixth set, written after every fix of the session and before it was first played, not aimed at them. First
     * played: 18/21 (missed: "بعرفش" kept as a city, a question at the reference step, "عندي خمسين عام").
     */
    @Test
    void aFifthHeldOutSetKeepsTheThread() throws Exception {
        atLeastHalfOfAnUnseenSet(play("/dialogues/held-out-2026-12-01d.yml"));
    }

    /**
     * A seventh set, written at the start of the next session, before any dialogue change of it and before it was
     * first played; spread over every flow rather than aimed at known misses. First played: 16/23 (answers 8/13,
     * why 1/3, person 1/2). Five of its misses were fixed after ("متطلقة", "بدي غير عنواني", "my phone number",
     * "can I talk to someone instead?", a typed "yes"): 20/23 since; left: two questions naming the ID in other
     * words, "خمسة بالدراري".
     */
    @Test
    void aSixthHeldOutSetKeepsTheThread() throws Exception {
        atLeastHalfOfAnUnseenSet(play("/dialogues/held-out-2026-12-01e.yml"));
    }

    /** What an unseen set is held to: half of each kind of answer, so that a regression shows, not a tuning. */
    private static void atLeastHalfOfAnUnseenSet(Figures f) {
        for (String label : List.of("cancel", "why", "person")) {
            assertThat(f.met(label)).as(label).isGreaterThanOrEqualTo(f.of(label) / 2);
        }
        assertThat(f.met("digression") + f.met("answer") + f.met("refuse")).as("digressions, answers, refusals")
                .isGreaterThanOrEqualTo((f.of("digression") + f.of("answer") + f.of("refuse")) / 2);
    }

    private Figures play(String resource) throws Exception {
        Map<String, int[]> perLabel = new java.util.LinkedHashMap<>();
        List<String> misses = new ArrayList<>();
        for (Case c : load(resource)) {
            Turned t = play(c);
            boolean sameStep = t.after().flow() != null && t.after().step().equals(t.before().step());
            boolean keptAnswers = t.after().fields().equals(t.before().fields());
            boolean sameMisses = t.after().misunderstandings() == t.before().misunderstandings();
            boolean moved = !sameStep && t.after().misunderstandings() == 0
                    && !"handoff".equals(t.reply().intent());
            String dialogueIntent = c.flow();
            boolean ok = switch (c.label()) {
                case "digression" -> sameStep && keptAnswers && !dialogueIntent.equals(t.reply().intent())
                        && sameMisses;
                case "answer", "resume" -> moved;
                case "refuse" -> sameStep && keptAnswers && t.after().misunderstandings() > t.before().misunderstandings();
                case "cancel" -> t.after().flow() == null && "cancel".equals(t.reply().intent());
                case "why" -> sameStep && keptAnswers && sameMisses && dialogueIntent.equals(t.reply().intent())
                        && !t.reply().text().equals(t.replies().get(t.replies().size() - 2).text());
                case "person" -> "handoff".equals(t.reply().intent());
                case "forgotten" -> t.replies().stream().anyMatch(m -> "dialogue-forgotten".equals(m.intent()))
                        && !t.before().fields().isEmpty() && t.after().fields().isEmpty();
                default -> throw new IllegalArgumentException(c.label());
            };
            int[] counts = perLabel.computeIfAbsent(c.label(), l -> new int[2]);
            counts[0] += ok ? 1 : 0;
            counts[1]++;
            if (!ok) {
                misses.add(c.label() + " " + c.flow() + "/" + t.before().step() + ": " + c.say() + " → "
                        + t.reply().intent() + " | " + t.reply().text().replace('\n', ' '));
            }
        }
        System.out.println(resource + ": " + perLabel.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()[0]
                + "/" + e.getValue()[1]).collect(java.util.stream.Collectors.joining(", ")));
        misses.forEach(m -> System.out.println("  missed: " + m));
        return new Figures(perLabel, misses);
    }

    private Turned play(Case c) {
        String address = "mid-" + System.nanoTime();
        int[] sent = {0};
        String conversation = send(address, sent, c.start() == null ? "…" : c.start(),
                BotResponder.INTENT_PAYLOAD + c.flow());
        for (String answer : c.before()) {
            send(address, sent, answer, null);
        }
        DialogueState before = state(conversation);
        assertThat(before.flow()).as("the set's prefix leaves %s under way: %s", c.flow(),
                conversations.messages(conversation).stream().map(m -> m.intent() + ": " + m.text()).toList())
                .isNotNull();
        if (c.pauseHours() != null) {
            // The beneficiary went away: the last answer is dated back, and the hourly sweep runs meanwhile.
            mongo.save(new DialogueState(before.id(), before.flow(), before.step(), before.fields(), before.language(),
                    before.misunderstandings(), before.updatedAt().minus(Duration.ofHours(c.pauseHours())), null, null));
            sweep.forgetLeftBefore(java.time.Instant.now());
        }
        int repliesBefore = conversations.messages(conversation).size();
        send(address, sent, c.say(), null);
        List<Message> messages = conversations.messages(conversation);
        List<Message> replies = messages.stream().filter(m -> m.direction() == Direction.OUT).toList();
        assertThat(messages.size()).isGreaterThan(repliesBefore);
        return new Turned(before, state(conversation), messages.get(messages.size() - 1), replies);
    }

    /** Sends one message as a Telegram user and waits for the bot's answer to it. */
    private String send(String address, int[] sent, String text, String payload) {
        var receipt = inbound.receive(new InboundMessage(ChannelType.TELEGRAM, address + "-" + sent[0]++,
                Sender.of(address), text, List.of(), null, payload, List.of(), Map.of()));
        String conversation = conversations.message(receipt.messageId()).orElseThrow().conversationId();
        int before = sent[0] * 2 - 1;
        await().atMost(Duration.ofSeconds(10)).until(() -> conversations.messages(conversation),
                list -> list.size() > before && list.get(list.size() - 1).direction() == Direction.OUT);
        return conversation;
    }

    private DialogueState state(String conversation) {
        DialogueState s = mongo.findById(conversation, DialogueState.class);
        return s == null ? DialogueState.idle(conversation) : s;
    }

    @SuppressWarnings("unchecked")
    private static List<Case> load(String resource) throws Exception {
        try (InputStream in = MidDialogueMessagesTest.class.getResourceAsStream(resource)) {
            List<Map<String, Object>> raw = new Yaml().load(in);
            return raw.stream().map(m -> new Case((String) m.get("flow"), (String) m.get("start"),
                    ((List<Object>) m.get("before")).stream().map(String::valueOf).toList(),
                    (Integer) m.get("pauseHours"), String.valueOf(m.get("say")), (String) m.get("label"))).toList();
        }
    }
}
