package org.sila.bot;

import java.nio.file.Path;

import java.util.List;

import org.sila.association.AssociationProfile.IdNumber;
import org.sila.association.AssociationProfiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading answers, without Spring. */
class AnswersTest {

    static Answers answers;

    @BeforeAll
    static void load() {
        answers = new Answers(IntentMatcher.load(Path.of(".")), Path.of("."));
    }

    static final IdNumber SAUDI = AssociationProfiles.load(Path.of("."), "default").idNumber();
    static final IdNumber LIBYAN = AssociationProfiles.load(Path.of("."), "modreka").idNumber();

    @ParameterizedTest
    @ValueSource(strings = {"1000000008", "2000000006", "1234567897"})
    void saudiIdsWithTheirCheckDigitAreAccepted(String id) {
        assertThat(SAUDI.accepts(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000000007", "100000000", "10000000081", "3000000004", "abcdefghij", ""})
    void aWrongCheckDigitLengthOrFirstDigitIsRefused(String id) {
        assertThat(SAUDI.accepts(id)).isFalse();
    }

    @Test
    void questionsBackAndFunctionWordsAreNotNames() {
        assertThat(answers.isName("فاطمة علي")).isTrue();
        assertThat(answers.isName("عبد الله محمد الحربي")).isTrue();
        assertThat(answers.isName("Sara Ahmed")).isTrue();
        assertThat(answers.isName("شو الاوراق المطلوبة")).isFalse();
        assertThat(answers.isName("وش اوقات الدوام عندكم")).isFalse();
        assertThat(answers.isName("انا ابي")).isFalse();
        assertThat(answers.isName("ابي اقدم طلب")).isFalse();
        // found by issue 16's held-out set and the first set: a request in dialect is not a name
        assertThat(answers.isName("عايز اعرف المواعيد بتاعتكم")).isFalse();
        assertThat(answers.isName("ابغى اتطوع معكم")).isFalse();
        assertThat(answers.isName("I want to volunteer")).isFalse();
        assertThat(answers.isName("ودي أسجل ولدي")).isFalse();
        assertThat(answers.isName("نورة سعد العتيبي")).isTrue();
        // left by issue 16's audit: "whatever you think" is no name
        assertThat(answers.isName("اللي تشوفه")).isFalse();
        assertThat(answers.isName("الي تشوفونه انتم")).isFalse();
        assertThat(answers.isQuestion("هل بياناتي محفوظة عندكم؟")).isTrue();
        assertThat(answers.isQuestion("متى تردون على الطلب")).isTrue();
        assertThat(answers.isQuestion("الموظف رفض استلام اوراقي")).isFalse();
    }

    /** YAML reads an unquoted yes as a boolean: the word list refuses it rather than keep "true". */
    @Test
    void aWordListWithAnUnquotedYesIsRefusedAtStart(@org.junit.jupiter.api.io.TempDir Path root) throws Exception {
        Path faq = java.nio.file.Files.createDirectories(root.resolve("templates/faq"));
        String shipped = java.nio.file.Files.readString(Path.of("templates/faq/answers.yml"));
        java.nio.file.Files.writeString(faq.resolve("answers.yml"), shipped.replace("\"yes\", y,", "yes, y,"));

        assertThatThrownBy(() -> new Answers(IntentMatcher.load(Path.of(".")), root))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("list yes")
                .hasMessageContaining("quotes");
    }

    @Test
    void anOptionNamedAmongAFewWordsIsHeldUnlessANegationIsAmongThem() {
        assertThat(answers.holdsWordOf("بدي غير عنواني", "العنوان")).isTrue();
        assertThat(answers.holdsWordOf("my phone number", "Mobile phone number")).isTrue();
        assertThat(answers.holdsWordOf("بدي غير عنواني", "رقم الجوال")).isFalse();
        assertThat(answers.holdsWordOf("مو متزوجة", "متزوج/ة")).isFalse();
        assertThat(answers.holdsWordOf("not my phone number", "Mobile phone number")).isFalse();
        assertThat(answers.holdsWordOf("غيرت عنواني من زمان بس بدي احكي عن شي ثاني", "العنوان")).as("too long")
                .isFalse();
    }

    @Test
    void idsArriveInAnyDigitsAndSpacing() {
        assertThat(answers.digits("١٠٠٠ ٠٠٠ ٠٠٨")).isEqualTo("1000000008");
        assertThat(answers.digits("۱۰۰۰۰۰۰۰۰۸")).isEqualTo("1000000008");
        assertThat(answers.digits("خمسة")).isNull();
        assertThat(LIBYAN.accepts("119800123456")).isTrue();
        assertThat(LIBYAN.accepts("11980012345")).isFalse();
        assertThat(LIBYAN.accepts("1000000008")).isFalse();
    }

    @Test
    void phonesYesNoCancelAndReferences() {
        assertThat(answers.phone("٠٥٥١٢٣٤٥٦٧", List.of("SA"))).contains("+966551234567");
        assertThat(answers.phone("0912345678", List.of("LY"))).contains("+218912345678");
        assertThat(answers.phone("123", List.of("SA"))).isEmpty();
        assertThat(answers.yesNo("ايوه", null)).contains(true);
        assertThat(answers.yesNo("نعم أوافق", null)).contains(true);
        assertThat(answers.yesNo("لا", null)).contains(false);
        assertThat(answers.yesNo("ربما", null)).isEmpty();
        assertThat(answers.yesNo("", "yes")).contains(true);
        assertThat(answers.yesNo("Yes", null)).as("typed, not a button").contains(true);
        assertThat(answers.yesNo("yes it's about a staff member", null)).contains(true);
        assertThat(answers.yesNo("no", null)).contains(false);
        assertThat(answers.yesNo("true", null)).as("what YAML made of an unquoted yes").isEmpty();
        assertThat(answers.isCancel("إلغاء")).isTrue();
        assertThat(answers.isCancel("الغاء")).isTrue();
        assertThat(answers.isCancel("Cancel")).isTrue();
        assertThat(answers.isCancel("الغاء الاشتراك في الجمعية")).isFalse();
        assertThat(answers.reference("sr-2026-000123")).contains("SR-2026-000123");
        assertThat(answers.reference("رقم طلبي SR-2026-٠٠٠١٢٣")).contains("SR-2026-000123");
        assertThat(answers.count("٥", 1, 40)).contains(5);
        assertThat(answers.count("0", 1, 40)).isEmpty();
    }

    /** Left by issue 16's audit: an elderly applicant writes the family size in words, or with the word "persons". */
    @Test
    void aCountIsReadInDigitsOrInWordsInAnyDialectAndNothingMoreIsTakenForOne() {
        assertThat(answers.count("خمسة", 1, 40)).contains(5);
        assertThat(answers.count("خمس افراد", 1, 40)).contains(5);
        assertThat(answers.count("احنا ستة", 1, 40)).contains(6);
        assertThat(answers.count("٧ أشخاص", 1, 40)).contains(7);
        assertThat(answers.count("تلاتة", 1, 40)).contains(3);
        assertThat(answers.count("اتنين", 1, 40)).contains(2);
        assertThat(answers.count("أحد عشر", 1, 40)).contains(11);
        assertThat(answers.count("حداشر", 1, 40)).contains(11);
        assertThat(answers.count("واحد وعشرين", 1, 40)).contains(21);
        assertThat(answers.count("twelve", 1, 40)).contains(12);
        assertThat(answers.count("we are five people", 1, 40)).contains(5);
        // more than a number, two numbers, or out of range: asked again, never guessed
        assertThat(answers.count("انا وزوجتي وثلاثة اطفال", 1, 40)).isEmpty();
        assertThat(answers.count("5 او 6", 1, 40)).isEmpty();
        assertThat(answers.count("خمسة ستة", 1, 40)).isEmpty();
        assertThat(answers.count("5 10", 1, 40)).isEmpty();
        assertThat(answers.count("2 3", 1, 40)).isEmpty();
        assertThat(answers.count("١٢", 1, 40)).contains(12);
        assertThat(answers.count("عشرين و واحد", 1, 40)).isEmpty();
        assertThat(answers.count("كم؟", 1, 40)).isEmpty();
        assertThat(answers.count("خمسين", 1, 40)).isEmpty();
        assertThat(answers.count("اربعين", 1, 40)).contains(40);
    }

    /** Found by the held-out set of 2026-12-01: "we", "of the people" beside a count; "I won't go on". */
    @Test
    void aCountWithTheWordsPeopleUseAndAShortIWontGoOnAreRead() {
        assertThat(answers.count("حنا ثمانية", 1, 40)).contains(8);
        assertThat(answers.count("خمسة ديال الناس", 1, 40)).contains(5);
        assertThat(answers.count("خمسة ناس", 1, 40)).contains(5);
        assertThat(answers.count("خمسة الاطفال", 1, 40)).as("only count words take the article").isEmpty();
        assertThat(answers.isCancel("ما بدي كمل")).isTrue();
        assertThat(answers.isCancel("مش عايز اكمل")).isTrue();
        assertThat(answers.isCancel("لا اريد ان اكمل")).isTrue();
        assertThat(answers.isCancel("I don't want to continue")).isTrue();
        assertThat(answers.isCancel("لا كمل")).as("may be: no, go on").isFalse();
        assertThat(answers.isCancel("ما فهمت كيف اكمل")).isFalse();
        assertThat(answers.isCancel("كمل")).isFalse();
    }

    /** Found by the fourth held-out set (fixed after its first play): ages, a place beside a count, "I don't know". */
    @Test
    void anAgeACountAtHomeAndIDontKnowAreRead() {
        assertThat(answers.age("عمري ستين")).isEqualTo(60);
        assertThat(answers.age("سبعين سنة")).isEqualTo(70);
        assertThat(answers.age("٤٥")).isEqualTo(45);
        assertThat(answers.age("خمسة وستين")).isEqualTo(65);
        assertThat(answers.age("I am 52")).isEqualTo(52);
        assertThat(answers.age("fifty two years old")).isEqualTo(52);
        assertThat(answers.age("عمري ستين وزوجي سبعين")).as("two ages").isNull();
        assertThat(answers.count("عمري ستة", 1, 40)).as("an age is no count").isEmpty();
        assertThat(answers.count("احنا سبعة بالبيت", 1, 40)).contains(7);
        assertThat(answers.count("حنا ستة فالدار", 1, 40)).contains(6);
        assertThat(answers.isDontKnow("مدري وش رقمي")).isTrue();
        assertThat(answers.isDontKnow("ما اعرف")).isTrue();
        assertThat(answers.isDontKnow("مش عارفة")).isTrue();
        assertThat(answers.isDontKnow("I don't know")).isTrue();
        assertThat(answers.isDontKnow("الرياض")).isFalse();
        assertThat(answers.wantsNothing("خلص ما بدي")).isTrue();
        assertThat(answers.wantsNothing("I don't want")).isTrue();
        assertThat(answers.wantsNothing("ما بدي شي من هالموظف الا يحترمنا")).as("a complaint").isFalse();
        assertThat(answers.wantsNothing("بدي")).isFalse();
        assertThat(answers.isDontKnow("ما اعرف كيف اكتب اسمي الرباعي يا اخي الكريم")).as("more than that").isFalse();
    }

    @Test
    void aNumberIsTheRangeOptionThatHoldsIt() {
        var ranges = List.of(new SlotChecks.Option("under18", "أقل من 18"),
                new SlotChecks.Option("18to39", "18 إلى 39"), new SlotChecks.Option("40to59", "40 إلى 59"),
                new SlotChecks.Option("60plus", "60 فأكثر"));
        assertThat(SlotChecks.inRange(ranges, 17)).contains("under18");
        assertThat(SlotChecks.inRange(ranges, 18)).contains("18to39");
        assertThat(SlotChecks.inRange(ranges, 59)).contains("40to59");
        assertThat(SlotChecks.inRange(ranges, 95)).contains("60plus");
        assertThat(SlotChecks.inRange(List.of(new SlotChecks.Option("married", "متزوج/ة")), 30)).isEmpty();
    }

    @Test
    void aQuestionNamesAStepsSubjectByAWordThatIsNoFunctionWord() {
        assertThat(answers.names("شو بدكن بالهوية؟", List.of("رقم الهوية", "ID number"))).isTrue();
        assertThat(answers.names("what's the ID for?", List.of("رقم الهوية", "ID number"))).isFalse();
        assertThat(answers.names("ليش تبون جوالي؟", List.of("الجوال", "Mobile"))).isTrue();
        assertThat(answers.names("شو رقم الطلب؟", List.of("رقم الهوية", "ID number"))).isFalse();
    }

    /** Found by the held-out set of issue 16's audit: a short request to cancel was filed as the suggestion. */
    @Test
    void aShortRequestToCancelInAnyDialectCancelsButALongerTextNamingOneDoesNot() {
        assertThat(answers.isCancel("cancel this please")).isTrue();
        assertThat(answers.isCancel("بدي الغي")).isTrue();
        assertThat(answers.isCancel("بغيت نلغي")).isTrue();
        assertThat(answers.isCancel("ابي الغي الطلب")).isTrue();
        assertThat(answers.isCancel("ما قدرت الغي الموعد من التطبيق")).isFalse();
    }

    /** Found by the held-out set: "why?" said at the end (Egyptian) or in a longer English question. */
    @Test
    void whyIsHeardAtEitherEndOfAShortQuestionWhereAClosedAnswerIsAsked() {
        assertThat(answers.isWhy("why do you need my ID?", true)).isTrue();
        assertThat(answers.isWhy("هو انتو محتاجين الرقم ده ليه؟", true)).isTrue();
        assertThat(answers.isWhy("ليش تبون رقم الهوية؟", false)).isTrue();
        // where a description is asked for, a complaint may open with "why": it is the complaint
        assertThat(answers.isWhy("ليش ما احد يرد على الهاتف؟", false)).isFalse();
        assertThat(answers.isWhy("why do you need my ID?", false)).isFalse();
        assertThat(answers.isWhy("محمود عبد الفتاح", true)).isFalse();
        // found by issue 16's held-out set: "what?" alone was answered about the association; it asks about the step
        assertThat(answers.isWhy("شنو؟", true)).isTrue();
        assertThat(answers.isWhy("what?", false)).isTrue();
        assertThat(answers.isWhy("شنو الاوراق المطلوبة؟", true)).isFalse();
    }
}
