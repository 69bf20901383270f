package org.sila.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sila.Chromium;
import org.sila.association.Templates;
import org.sila.association.Language;
import org.sila.WebChatClient;
import org.sila.casework.CaseService;
import org.sila.channel.ChannelType;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Identity;
import org.sila.staff.Role;
import org.sila.staff.StaffDirectory;
import org.sila.survey.SurveyEvents.SurveyAnswered;
import org.sila.survey.SurveyTrigger;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in headless Chromium, as staff use it, beside the web chat widget as a beneficiary uses it.
 * Screenshots of the inbox, a case and the measurement centre go to {@code target/screenshots/}. Skipped where Chromium is
 * missing, required in CI (see {@link Chromium}).
 */
@ExtendWith(Chromium.class)
@ConsoleTest
class ConsoleBrowserTest {

    private static final String PASSWORD = "browser-pass-1";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static ChromeDriver driver;

    @LocalServerPort
    int port;
    @Autowired
    StaffDirectory staff;
    @Autowired
    ConversationService conversations;
    @Autowired
    CaseService cases;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    Templates templates;

    String officer;
    String researcher;
    String committee;

    @BeforeAll
    static void startBrowser() {
        driver = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @BeforeEach
    void accounts() {
        officer = account("officer", Role.OFFICER);
        researcher = account("researcher", Role.RESEARCHER);
        committee = account("committee", Role.COMMITTEE);
    }

    /** The widget's own words are the templates' (an association changes them there), Arabic first, then English. */
    @Test
    void theWidgetsOwnWordsComeFromTheTemplatesInEitherLanguage() {
        open("/webchat/demo");
        var title = await().ignoreExceptions().until(() -> driver.findElement(By.cssSelector(".sila-head strong")),
                e -> !e.getText().isEmpty());
        var box = driver.findElement(By.cssSelector(".sila-chat"));
        var send = driver.findElement(By.cssSelector(".sila-form button"));
        var toggle = driver.findElement(By.cssSelector(".sila-lang"));
        assertThat(title.getText()).isEqualTo(templates.text("webchat.title", Language.AR));
        assertThat(send.getText()).isEqualTo(templates.text("webchat.send", Language.AR));
        assertThat(toggle.getText()).isEqualTo(templates.text("webchat.language", Language.EN));
        assertThat(box.getAttribute("dir")).isEqualTo("rtl");
        toggle.click();
        try {
            assertThat(title.getText()).isEqualTo(templates.text("webchat.title", Language.EN));
            assertThat(send.getText()).isEqualTo(templates.text("webchat.send", Language.EN));
            assertThat(box.getAttribute("dir")).isEqualTo("ltr");
        } finally {
            toggle.click(); // the choice is remembered in the browser: the other tests start in Arabic
        }
    }

    @Test
    void theWidgetShowsWhatWasTypedAsTextNeverAsMarkup() {
        open("/webchat/demo");
        String title = driver.getTitle();
        String typed = "<img src=x onerror=\"document.title='pwned'\"><b>عريض</b> " + UUID.randomUUID();
        driver.findElement(By.cssSelector(".sila-form textarea")).sendKeys(typed);
        driver.findElement(By.cssSelector(".sila-form button")).click();

        await().ignoreExceptions().until(() -> driver.findElements(By.cssSelector(".sila-msg.sila-in")).stream()
                .anyMatch(m -> m.getText().equals(typed)));
        assertThat(driver.findElements(By.cssSelector(".sila-log img, .sila-log b"))).isEmpty();
        assertThat(driver.getTitle()).isEqualTo(title);
    }

    @Test
    void aNewWebChatArrivesLiveAndTheReplyReachesTheWidget() throws IOException {
        signIn(officer);
        String console = driver.getWindowHandle();
        open("/console");
        await().until(() -> driver.findElement(By.id("live")).getAttribute("class").contains("text-bg-success"));

        driver.switchTo().newWindow(WindowType.TAB);
        String widget = driver.getWindowHandle();
        open("/webchat/demo");
        String question = "أحتاج مساعدة في دفع إيجار المنزل " + UUID.randomUUID().toString().substring(0, 4);
        driver.findElement(By.cssSelector(".sila-form textarea")).sendKeys(question);
        driver.findElement(By.cssSelector(".sila-form button")).click();

        driver.switchTo().window(console); // never reloaded: the row arrives over server-sent events
        await().ignoreExceptions().until(() -> driver.findElements(By.cssSelector("#inbox-rows .preview")).stream()
                .anyMatch(td -> td.getText().equals(question)));
        screenshot("inbox-ar");

        // The row is redrawn as events arrive: read its link, then follow it.
        driver.get(await().ignoreExceptions().until(
                () -> rowWith(question).findElement(By.cssSelector("a")).getDomProperty("href"), h -> h != null));
        String reply = "أهلاً بك، سيتواصل معك الباحث الاجتماعي اليوم.";
        driver.findElement(By.id("reply-text")).sendKeys(reply);
        driver.findElement(By.id("reply-send")).click();
        await().ignoreExceptions().until(() -> driver.findElement(By.id("conversation-status")).getText()
                .equals("مسندة"));
        await().ignoreExceptions().until(() -> driver.findElements(By.cssSelector("#history .msg-out")).stream()
                .anyMatch(m -> m.getText().contains(reply) && m.getText().contains("✓")));
        screenshot("conversation-ar");

        driver.switchTo().window(widget);
        await().ignoreExceptions().until(() -> driver.findElements(By.cssSelector(".sila-msg.sila-out")).stream()
                .anyMatch(m -> m.getText().equals(reply)));
        driver.close();
        driver.switchTo().window(console);
    }

    @Test
    void aFileAttachedToAReplyIsSentAndTheVisitorOpensItWithTheirSession() throws IOException {
        signIn(officer);
        String console = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        String widget = driver.getWindowHandle();
        open("/webchat/demo");
        driver.findElement(By.cssSelector(".sila-form textarea")).sendKeys("أرسلوا لي خطاب القرار من فضلكم");
        driver.findElement(By.cssSelector(".sila-form button")).click();
        String sessionId = await().ignoreExceptions().until(() -> (String) driver.executeScript(
                "return JSON.parse(localStorage.getItem('sila.webchat.session')).sessionId"), s -> s != null);
        String conversationId = await().until(() -> conversations.identity(ChannelType.WEBCHAT, sessionId)
                .map(i -> openConversation(i.beneficiaryId())).orElse(null), id -> id != null);

        Path letter = Files.createDirectories(Path.of("target", "uploads")).resolve("خطاب-القرار.pdf");
        Files.writeString(letter, "%PDF-1.4 قرار اللجنة بقبول الطلب");
        driver.switchTo().window(console);
        open("/console/conversations/" + conversationId);
        driver.findElement(By.id("reply-text")).sendKeys("مرفق خطاب القرار");
        driver.findElement(By.id("reply-files")).sendKeys(letter.toAbsolutePath().toString());
        driver.findElement(By.id("reply-send")).click();
        await().ignoreExceptions().until(() -> driver.findElements(By.cssSelector("#history .msg-out")).stream()
                .anyMatch(m -> m.getText().contains("مرفق خطاب القرار") && m.getText().contains("خطاب-القرار.pdf")
                        && m.getText().contains("✓")));
        screenshot("reply-with-file-ar");

        driver.switchTo().window(widget);
        String link = await().ignoreExceptions().until(() -> driver.findElements(By.cssSelector(".sila-file"))
                .stream().filter(a -> a.getText().contains("خطاب-القرار.pdf")).findFirst()
                .map(a -> a.getAttribute("data-url")).orElse(null), a -> a != null);
        // The link opens with this visitor's token (as the widget fetches it on a click), and without it not at all.
        Object opened = driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "var s = JSON.parse(localStorage.getItem('sila.webchat.session'));"
                + "fetch(arguments[0], { headers: { Authorization: 'Bearer ' + s.token } })"
                + ".then(function (r) { return r.text().then(function (t) { done(r.status + ' ' + t); }); });", link);
        assertThat(opened).isEqualTo("200 %PDF-1.4 قرار اللجنة بقبول الطلب");
        Object withoutToken = driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "fetch(arguments[0]).then(function (r) { done(r.status); });", link);
        assertThat(withoutToken).isEqualTo(401L);
        driver.close();
        driver.switchTo().window(console);
    }

    @Test
    void aRequestMovesFromReceivedToAcceptedAndTheBeneficiaryIsNotified() throws IOException {
        var chat = new WebChatClient(port);
        chat.post("أريد التسجيل في برنامج دعم الأسر");
        await().until(() -> conversations.identity(ChannelType.WEBCHAT, chat.sessionId).isPresent());
        Identity identity = conversations.identity(ChannelType.WEBCHAT, chat.sessionId).orElseThrow();
        String conversationId = await().until(() -> openConversation(identity.beneficiaryId()), id -> id != null);

        signIn(officer);
        open("/console/conversations/" + conversationId);
        WebElement form = driver.findElement(By.id("open-case"));
        form.findElement(By.name("summary")).sendKeys("دعم أسرة من خمسة أفراد");
        form.findElement(By.cssSelector("button")).click();
        await().ignoreExceptions().until(() -> driver.findElement(By.id("case-stage")).getText().equals("مستلم"));
        String caseUrl = driver.getCurrentUrl();
        assertThat(driver.findElement(By.id("case-due")).getText()).contains("هـ");

        pick(By.cssSelector("form[action$='/assign'] select"), researcher);
        driver.findElement(By.cssSelector("form[action$='/assign'] button")).click();
        await().ignoreExceptions().until(() -> driver.findElement(By.id("case-assignee")).getText().equals(researcher));
        moveTo("COMPLETENESS_CHECK", "التحقق من اكتمال البيانات");
        moveTo("WITH_RESEARCHER", "لدى الباحث الاجتماعي");

        signIn(researcher);
        driver.get(caseUrl);
        moveTo("ATTESTED", "تم الإقرار");
        moveTo("COMMITTEE_REVIEW", "لدى لجنة البحث");
        assertThat(driver.findElements(By.cssSelector("button[data-to='ACCEPTED']"))).isEmpty();

        signIn(committee);
        driver.get(caseUrl);
        moveTo("ACCEPTED", "مقبول");
        assertThat(driver.findElements(By.cssSelector("#case-history li"))).hasSize(6);
        screenshot("case-ar");

        await().untilAsserted(() -> assertThat(chat.messages()).anySatisfy(m ->
                assertThat(m.get("text").asString()).startsWith("يسعدنا إبلاغكم بقبول طلبكم")));
    }

    @Test
    void theCommitteeRecordsEachCompensationConditionAndTheDecisionFollows() throws IOException {
        var chat = new WebChatClient(port);
        chat.post("تلفت أدوات الورشة التي استلمتها من الجمعية");
        await().until(() -> conversations.identity(ChannelType.WEBCHAT, chat.sessionId).isPresent());
        String beneficiaryId = conversations.identity(ChannelType.WEBCHAT, chat.sessionId).orElseThrow().beneficiaryId();
        var claim = cases.open(new org.sila.casework.OpenCase(org.sila.casework.CaseType.COMPENSATION, beneficiaryId,
                null, ChannelType.WEBCHAT, java.util.Map.of("text", "تلف الأدوات"), false, null, null, null, "bot"));
        cases.move(claim.id(), org.sila.casework.CaseStage.RECEIVED, org.sila.casework.CaseStage.INVESTIGATING,
                officer, null);

        signIn(committee);
        open("/console/cases/" + claim.id());
        assertThat(driver.findElements(By.cssSelector("[data-condition='SETTLED_BY_NEGOTIATION'] form"))).isEmpty();
        recordFinding("BREACH_OF_OBLIGATION", "true", "عقد التوريد: الجمعية تضمن سلامة الأدوات");
        recordFinding("DIRECT_CAUSE", "true", "تقرير المستودع: التلف أثناء التخزين");
        recordFinding("PROVEN", "true", "إقرار المدير بتاريخ اليوم");
        assertThat(driver.findElement(By.id("compensation-outcome")).getDomAttribute("data-result")).isEqualTo("PENDING");
        WebElement settlement = driver.findElement(By.cssSelector("[data-condition='SETTLED_BY_NEGOTIATION'] form"));
        settlement.findElement(By.name("terms")).sendKeys("استبدال الأدوات خلال أسبوع");
        recordFinding("SETTLED_BY_NEGOTIATION", "true", "محضر التفاوض الموقع");
        assertThat(driver.findElement(By.id("compensation-outcome")).getDomAttribute("data-result")).isEqualTo("GRANTED");
        screenshot("compensation-ar");
        click(driver.findElement(By.id("compensation-decide")));
        await().ignoreExceptions().until(() -> driver.findElement(By.id("case-stage")).getText().equals("تمت المعالجة"));
        assertThat(driver.findElements(By.id("compensation-decide"))).isEmpty();

        await().untilAsserted(() -> assertThat(chat.messages()).anySatisfy(m -> assertThat(m.get("text").asString())
                .contains(claim.reference(), "استبدال الأدوات خلال أسبوع")));
    }

    /**
     * Scrolled to the middle first: the page is longer than the window, and a button at its edge is covered. A
     * click the browser refuses because something still covers the button (the page still settling after a form
     * was sent) did not happen, so it is tried again.
     */
    private void click(WebElement button) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", button);
        await().ignoreExceptionsInstanceOf(org.openqa.selenium.ElementClickInterceptedException.class).until(() -> {
            button.click();
            return true;
        });
    }

    private void recordFinding(String condition, String met, String evidence) {
        WebElement form = driver.findElement(By.cssSelector("[data-condition='" + condition + "'] form"));
        new org.openqa.selenium.support.ui.Select(form.findElement(By.name("met"))).selectByValue(met);
        form.findElement(By.name("evidence")).sendKeys(evidence);
        click(form.findElement(By.cssSelector("button")));
        await().ignoreExceptions().until(() -> driver.findElement(By.cssSelector(
                "[data-condition='" + condition + "'] [data-met]")).getDomAttribute("data-met").equals(met));
    }

    @Test
    void aWalkInIsLogged() {
        signIn(officer);
        open("/console/walkins");
        long before = Long.parseLong(driver.findElement(By.id("today-count")).getText());
        pick(By.id("kind"), "WALK_IN");
        driver.findElement(By.id("wname")).sendKeys("فاطمة علي");
        driver.findElement(By.id("wphone")).sendKeys("0551234567");
        driver.findElement(By.id("wsummary")).sendKeys("حضرت لتسليم صورة الهوية وعقد الإيجار");
        driver.findElement(By.id("walkin-save")).click();
        await().ignoreExceptions().until(() -> driver.findElement(By.id("walkin-saved")).isDisplayed());
        assertThat(Long.parseLong(driver.findElement(By.id("today-count")).getText())).isEqualTo(before + 1);
        assertThat(conversations.beneficiaryByPhone("0551234567")).hasValueSatisfying(b ->
                assertThat(b.name()).isEqualTo("فاطمة علي"));
    }

    @Test
    void theMeasurementCentreIsAConsolePageWhoseChartLabelsAreNeverClipped() throws IOException {
        new WebChatClient(port).post("السلام عليكم، متى يفتح المكتب؟");
        events.publishEvent(new SurveyAnswered("survey-" + UUID.randomUUID(), ChannelType.WEBCHAT,
                SurveyTrigger.CONVERSATION_RESOLVED, null, null, 4, java.time.Instant.now()));
        signIn(account("manager", Role.MANAGER));

        for (String language : List.of("ar", "en")) {
            open("/console/reports?lang=" + language);
            assertThat(driver.findElement(By.cssSelector("nav.navbar")).getText()).isNotBlank();
            assertThat(driver.findElement(By.tagName("html")).getDomAttribute("dir"))
                    .isEqualTo("ar".equals(language) ? "rtl" : "ltr");
            await().ignoreExceptions().until(() -> driver.findElements(By.cssSelector("#chart-channels .chart-label"))
                    .stream().anyMatch(label -> label.getText().equals("المحادثة في الموقع")));
            assertThat(driver.findElements(By.cssSelector("#chart-scores .chart-label"))).hasSize(5);
            assertThat(driver.findElements(By.cssSelector("#chart-satisfaction polyline"))).hasSize(1);
            assertThat(clippedChartLabels()).isEmpty();
            screenshot("reports-" + language);
        }
        // As narrow as a phone: the labels wrap, still whole.
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(420, 900));
        try {
            open("/console/reports?lang=ar");
            assertThat(clippedChartLabels()).isEmpty();
            screenshot("reports-ar-narrow");
        } finally {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
        }
    }

    /** Every text of a chart that does not fit its own box or sticks out of the chart: none, or they are clipped. */
    @SuppressWarnings("unchecked")
    private List<String> clippedChartLabels() {
        return (List<String>) driver.executeScript("""
                const clipped = [];
                const outside = (r, box) => r.left < box.left - 0.5 || r.right > box.right + 0.5
                    || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5;
                const charts = document.querySelectorAll('figure.chart');
                if (charts.length === 0) clipped.push('no charts on the page');
                for (const chart of charts) {
                  const box = chart.getBoundingClientRect();
                  for (const text of chart.querySelectorAll('figcaption, .chart-label, .chart-value, svg text')) {
                    const r = text.getBoundingClientRect();
                    const overflows = text instanceof HTMLElement && (text.scrollWidth > text.clientWidth + 1
                        || text.scrollHeight > text.clientHeight + 1);
                    if (text.textContent.trim() && (overflows || r.width === 0 || outside(r, box))) {
                      clipped.push(chart.id + ': ' + text.textContent.trim());
                    }
                  }
                }
                return clipped;
                """);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private void signIn(String username) {
        driver.manage().deleteAllCookies();
        open("/login?lang=ar");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("sign-in")).click();
        await().until(() -> driver.getCurrentUrl().endsWith("/console"));
    }

    private void moveTo(String stage, String label) {
        driver.findElement(By.cssSelector("button[data-to='" + stage + "']")).click();
        await().ignoreExceptions().until(() -> driver.findElement(By.id("case-stage")).getText().equals(label));
    }

    private void pick(By select, String value) {
        new org.openqa.selenium.support.ui.Select(driver.findElement(select)).selectByValue(value);
    }

    private WebElement rowWith(String preview) {
        return driver.findElements(By.cssSelector("#inbox-rows tr.inbox-row")).stream()
                .filter(r -> r.getText().contains(preview)).findFirst().orElseThrow();
    }

    private String openConversation(String beneficiaryId) {
        List<org.sila.conversation.Conversation> list = conversationsOf(beneficiaryId);
        return list.isEmpty() ? null : list.get(0).id();
    }

    @Autowired
    org.sila.conversation.ConversationQueries queries;

    private List<org.sila.conversation.Conversation> conversationsOf(String beneficiaryId) {
        return queries.conversationsOf(beneficiaryId);
    }

    private void open(String path) {
        driver.get("http://127.0.0.1:" + port + path);
    }

    private String account(String prefix, Role role) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        staff.create(name, null, PASSWORD, Set.of(role), false);
        return name;
    }

    private static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((WebDriver & org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    static {
        org.awaitility.Awaitility.setDefaultTimeout(Duration.ofSeconds(20));
    }
}
