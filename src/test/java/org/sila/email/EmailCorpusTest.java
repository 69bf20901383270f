package org.sila.email;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sila.PeerCorpus;
import org.sila.channel.InboundMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 81 mails of two help desks' parser tests (OTOBO, Request Tracker) in {@code ../shared/corpora/peer-mail},
 * read as the hub reads mail: each is taken (and so answered), ignored for a stated reason (reports, bulk), or
 * kept aside for staff only when it cannot be answered at all (no sender). What is taken reads right: no
 * replacement characters, no Arabic out of a European mail (the old windows-1256 guess), no uuencoded text, no
 * forward reduced to a rule line.
 */
class EmailCorpusTest {

    /** Mails that are reports or bulk mail: never answered, by design. */
    private static final Set<String> IGNORED = Set.of("otobo-EmailParser-PostMaster-Test10.box",
            "otobo-PostMaster-PostMaster-Test10.box", "rt-8859-15-message-series-dir", "rt-multipart-report");
    /** Mails with no From header: nobody to answer, so staff get them (kept aside, handed over). */
    private static final Set<String> NO_SENDER = Set.of("otobo-EmailParser-MultipartMixedHTML.eml",
            "otobo-EmailParser-MultipartMixedPlain.eml", "otobo-EmailParser-UTF-7.box", "rt-lorem-ipsum");
    /** Mails whose bytes are broken on purpose ("Some wront encoding"): U+FFFD is the truth there. */
    private static final Set<String> BROKEN_ON_PURPOSE = Set.of("otobo-EmailParser-PostMaster-Test17.box",
            "otobo-EmailParser-PostMaster-Test12.box");

    private final InboundMailMapper mapper = new InboundMailMapper("care@albirr.test", 5_000_000, 10,
            EmailMappingTest.UNREADABLE);

    static List<Path> mails() {
        return PeerCorpus.mails();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mails")
    void eachMailIsTakenIgnoredForAReasonOrHandedToStaff(Path mail) throws Exception {
        String name = mail.getFileName().toString();
        String expected = IGNORED.contains(name) ? "ignore" : NO_SENDER.contains(name) ? "aside" : "take";
        InboundMailMapper.Outcome outcome;
        try {
            outcome = mapper.map(Files.readAllBytes(mail));
        } catch (Exception unreadable) {
            InboundMessage aside = mapper.keptAside(Files.readAllBytes(mail), unreadable.getMessage());
            PeerCorpus.record("mail", name, expected, "aside: " + unreadable.getMessage(), expected.equals("aside"));
            assertThat(expected).as("%s was set aside: %s", name, unreadable.getMessage()).isEqualTo("aside");
            assertThat(aside.metadata()).containsEntry(InboundMessage.META_HANDOFF, "true");
            return;
        }
        if (outcome instanceof InboundMailMapper.Outcome.Ignore ignore) {
            PeerCorpus.record("mail", name, expected, "ignore: " + ignore.reason(), expected.equals("ignore"));
            assertThat(expected).as("%s ignored: %s", name, ignore.reason()).isEqualTo("ignore");
            return;
        }
        assertThat(outcome).as(name).isInstanceOf(InboundMailMapper.Outcome.Take.class);
        InboundMessage in = ((InboundMailMapper.Outcome.Take) outcome).message();
        String subject = in.metadata().getOrDefault(InboundMailMapper.META_SUBJECT, "");
        String refused = in.metadata().get(InboundMessage.META_ATTACHMENTS_REJECTED);
        PeerCorpus.record("mail", name, expected, "take: " + in.text().length() + " chars, "
                + in.attachments().size() + " files" + (refused == null ? "" : ", refused: " + refused),
                expected.equals("take"));
        assertThat(expected).as(name).isEqualTo("take");
        // Something to answer: text, files, or files refused (the bot says so).
        assertThat(!in.text().isBlank() || !in.attachments().isEmpty() || refused != null).as(name).isTrue();
        if (!BROKEN_ON_PURPOSE.contains(name)) {
            assertThat(subject + in.text()).as("%s reads without replacement characters", name)
                    .doesNotContain("\uFFFD");
        }
        assertThat(subject + in.text()).as("%s is not read as Arabic", name).doesNotContainPattern("\\p{IsArabic}");
        assertThat(in.text()).as(name).doesNotContainPattern("(?m)^begin [0-7]{3} ");
        if (!in.text().isBlank()) {
            assertThat(in.text().codePoints().anyMatch(Character::isLetterOrDigit)).as(name).isTrue();
        }
    }

    @Test
    void whatTheHelpDesksFoundHardIsReadRight() throws Exception {
        Map<String, InboundMessage> m = Map.of(
                "broken", take("otobo-EmailParser-BrokenEncoding.box"),
                "latin1", take("otobo-EmailParser-PostMaster-Test11.box"),
                "split", take("otobo-EmailParser-PostMaster-Test21.box"),
                "truncated", take("otobo-EmailParser-UTF8Filename.box"),
                "forward", take("otobo-PostMaster-PostMaster-Test20.box"),
                "uuencoded", take("rt-notes-uuencoded"));
        // No charset declared: ICU detects Hungarian's ISO-8859-2 and Spanish Latin-1.
        assertThat(m.get("broken").text()).contains("Adatmentés garanciával!", "elõfordult már");
        assertThat(m.get("latin1").text()).contains("demasiado rápido");
        // Encoded words that split a Cyrillic letter are decoded together.
        assertThat(m.get("split").metadata()).containsEntry(InboundMailMapper.META_SUBJECT,
                "Евгений Васильев Новоподзалупинский <xxzzyy@gmail.com>");
        // A truncated base64 file is refused on its own; the mail's text still reaches the bot.
        assertThat(m.get("truncated").text()).startsWith("Buenas noches");
        assertThat(m.get("truncated").metadata().get(InboundMessage.META_ATTACHMENTS_REJECTED))
                .contains("could not be read");
        // An Outlook forward keeps the forwarded request, not a rule line.
        assertThat(m.get("forward").text()).contains("Please disable mike's M3 account");
        // A uuencoded picture becomes a file; the text keeps only what was written.
        assertThat(m.get("uuencoded").attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("Naz_Head.jpg");
            assertThat(a.contentType()).isEqualTo("image/jpeg");
            assertThat(a.content()).startsWith((byte) 0xFF, (byte) 0xD8); // a JPEG's first bytes
        });
        assertThat(m.get("uuencoded").text().length()).isLessThan(2000);
    }

    @Test
    void aMessageIdReusedByAnotherSenderIsAnotherMail() throws Exception {
        InboundMessage skywalker = take("otobo-EmailParser-PostMaster-Test1.box");
        InboundMessage darthvader = take("otobo-EmailParser-PostMaster-Test2.box");
        InboundMessage skywalkerAgain = take("otobo-PostMaster-PostMaster-Test25.box");
        assertThat(darthvader.externalId()).isNotEqualTo(skywalker.externalId());
        assertThat(skywalkerAgain.externalId()).isEqualTo(skywalker.externalId()); // same sender, same id: once
        assertThat(InboundMailMapper.messageIdOf(darthvader.externalId())).isEqualTo("20011221002814.A3599@avro");
    }

    /** One mail of the corpus; the calling test is skipped where the shared corpora are not beside the project. */
    private InboundMessage take(String name) throws Exception {
        Path folder = PeerCorpus.ROOT.resolve("peer-mail");
        Assumptions.assumeTrue(Files.isDirectory(folder), "the shared corpora are not here: " + folder.toAbsolutePath());
        var outcome = mapper.map(Files.readAllBytes(folder.resolve(name)));
        assertThat(outcome).as(name).isInstanceOf(InboundMailMapper.Outcome.Take.class);
        return ((InboundMailMapper.Outcome.Take) outcome).message();
    }
}
