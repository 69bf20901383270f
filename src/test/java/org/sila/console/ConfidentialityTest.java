package org.sila.console;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.bson.Document;

import org.junit.jupiter.api.Test;
import org.sila.casework.Case;
import org.sila.casework.CaseService;
import org.sila.casework.CaseStage;
import org.sila.casework.CaseType;
import org.sila.casework.OpenCase;
import org.sila.channel.ChannelType;
import org.sila.channel.InboundGateway;
import org.sila.channel.InboundMessage;
import org.sila.channel.Sender;
import org.sila.conversation.ConversationQueries;
import org.sila.conversation.ConversationService;
import org.sila.conversation.ConversationStatus;
import org.sila.staff.AuditEntry;
import org.sila.staff.AuditLog;
import org.sila.staff.Role;
import org.sila.staff.StaffDirectory;
import org.sila.survey.FollowUp;
import org.sila.survey.Survey;
import org.sila.survey.SurveyAnswer;
import org.sila.survey.SurveyStatus;
import org.sila.survey.SurveyTrigger;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Each staff member sees only what their work needs (the README's access table), sign-in cannot be guessed
 * around, and every view leaves an audit entry.
 */
@ConsoleTest
class ConfidentialityTest {

    private static final String PASSWORD = "right-password-1";

    @Autowired
    MockMvc mvc;
    @Autowired
    InboundGateway inbound;
    @Autowired
    ConversationService conversations;
    @Autowired
    ConversationQueries queries;
    @Autowired
    CaseService cases;
    @Autowired
    StaffDirectory staff;
    @Autowired
    AuditLog audit;
    @Autowired
    MongoTemplate mongo;
    @org.springframework.beans.factory.annotation.Value("${sila.console.streams-per-session:5}")
    int streamsPerSession;

    // ---- signing in ---------------------------------------------------------------------------------------

    @Test
    void theLockOutCountsTheLoginNameHoweverItIsWritten() throws Exception {
        String name = account(Role.RESEARCHER);
        for (String typed : new String[]{name.toUpperCase(), " " + name, name + " ",
                Character.toUpperCase(name.charAt(0)) + name.substring(1), "\t" + name.toUpperCase()}) {
            mvc.perform(post("/login").param("username", typed).param("password", "guess").with(csrf()))
                    .andExpect(redirectedUrl("/login?error"));
        }
        assertThat(staff.find(name).orElseThrow().lockedUntil()).isNotNull();
        mvc.perform(post("/login").param("username", name).param("password", PASSWORD).with(csrf()))
                .andExpect(redirectedUrl("/login?error"));
    }

    @Test
    void aLockedNameAndAnUnknownNameGetTheSameAnswer() throws Exception {
        String name = account(Role.OFFICER);
        for (int i = 0; i < 5; i++) {
            mvc.perform(post("/login").param("username", name).param("password", "guess").with(csrf()));
        }
        String locked = loginPageAfterFailure(name);
        String unknown = loginPageAfterFailure("nobody-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(errorOf(locked)).isEqualTo(errorOf(unknown)).isEqualTo("اسم المستخدم أو كلمة المرور غير صحيحة.");
    }

    @Test
    void aPasswordChangeNeedsTheCurrentOneANewValueAndGivesANewSessionId() throws Exception {
        String name = account(Role.OFFICER);
        MockHttpSession session = signIn(name, PASSWORD);
        mvc.perform(post("/console/password").param("current", "not-my-password").param("password", "new-password-22")
                .param("repeat", "new-password-22").session(session).with(csrf())).andExpect(status().isBadRequest());
        mvc.perform(post("/console/password").param("current", PASSWORD).param("password", PASSWORD)
                .param("repeat", PASSWORD).session(session).with(csrf())).andExpect(status().isBadRequest());
        String before = session.getId();
        mvc.perform(post("/console/password").param("current", PASSWORD).param("password", "new-password-22")
                .param("repeat", "new-password-22").session(session).with(csrf()))
                .andExpect(redirectedUrl("/console"));
        assertThat(session.getId()).isNotEqualTo(before);
        mvc.perform(post("/login").param("username", name).param("password", "new-password-22").with(csrf()))
                .andExpect(redirectedUrl("/console"));
    }

    @Test
    void aSignInSessionHoldsAFewLiveStreamsAndADeactivatedAccountsStreamsEnd() throws Exception {
        String name = account(Role.OFFICER);
        MockHttpSession session = signIn(name, PASSWORD);
        java.util.List<org.springframework.test.web.servlet.MvcResult> open = new java.util.ArrayList<>();
        for (int i = 0; i < streamsPerSession; i++) {
            open.add(mvc.perform(get("/console/stream").session(session)
                    .accept(org.springframework.http.MediaType.TEXT_EVENT_STREAM)).andReturn());
        }
        assertThat(open).allSatisfy(r -> assertThat(r.getRequest().isAsyncStarted()).isTrue());
        var refused = mvc.perform(get("/console/stream").session(session)
                .accept(org.springframework.http.MediaType.TEXT_EVENT_STREAM)).andReturn().getResponse();
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isNotBlank();

        staff.setActive(name, false);
        for (var stream : open) {
            stream.getAsyncResult(10_000); // completes, or throws after waiting
        }
    }

    /**
     * Left by issue 14's audit: every open console page heard of every conversation that moved. A page hears only
     * of conversations its reader may see: an officer of all, a researcher of none not theirs, the committee none.
     */
    @Test
    void aConsolePageHearsOnlyOfTheConversationsItsReaderMaySee() throws Exception {
        String researcher = account(Role.RESEARCHER);
        var officersPage = openStream(as("o-" + researcher, Role.OFFICER));
        var researchersPage = openStream(as(researcher, Role.RESEARCHER));
        var committeesPage = openStream(as("k-" + researcher, Role.COMMITTEE));

        String phone = newPhone();
        String moved = conversationOf(newBeneficiary(phone, "السلام عليكم"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> officersPage.getResponse().getContentAsString().contains(moved));
        newBeneficiary(phone, "متى تفتحون؟"); // it moves again: the others have had time to hear of it
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> officersPage.getResponse()
                .getContentAsString().split(moved, -1).length > 3);
        assertThat(researchersPage.getResponse().getContentAsString()).doesNotContain(moved).contains("ready");
        assertThat(committeesPage.getResponse().getContentAsString()).doesNotContain(moved).contains("ready");
    }

    private org.springframework.test.web.servlet.MvcResult openStream(RequestPostProcessor who) throws Exception {
        var result = mvc.perform(get("/console/stream").with(who)
                .accept(org.springframework.http.MediaType.TEXT_EVENT_STREAM)).andReturn();
        assertThat(result.getRequest().isAsyncStarted()).isTrue();
        return result;
    }

    // ---- conversations --------------------------------------------------------------------------------------

    @Test
    void aResearcherWorksOnlyTheConversationsAssignedToThemOrOfTheirCases() throws Exception {
        String researcher = account(Role.RESEARCHER);
        String other = conversationOf(newBeneficiary());
        RequestPostProcessor r = as(researcher, Role.RESEARCHER);
        mvc.perform(get("/console/conversations/" + other).with(r)).andExpect(status().isForbidden());
        mvc.perform(get("/console/conversations/" + other + "/history").with(r)).andExpect(status().isForbidden());
        for (String action : new String[]{"reply", "note"}) {
            mvc.perform(post("/console/conversations/" + other + "/" + action).param("text", "x").with(r).with(csrf()))
                    .andExpect(status().isForbidden());
        }
        mvc.perform(post("/console/conversations/" + other + "/assign").param("to", "me").with(r).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/console/conversations/" + other + "/resolve").with(r).with(csrf()))
                .andExpect(status().isForbidden());
        assertThat(conversations.conversation(other).orElseThrow().status()).isNotEqualTo(ConversationStatus.RESOLVED);
        assertThat(body(get("/console/inbox/rows").with(r))).doesNotContain(other);

        // given to them, it is theirs to read and answer, and it is in their inbox
        mvc.perform(post("/console/conversations/" + other + "/assign").param("to", researcher)
                .with(as("o-" + researcher, Role.OFFICER)).with(csrf())).andExpect(status().is3xxRedirection());
        mvc.perform(get("/console/conversations/" + other).with(r)).andExpect(status().isOk());
        mvc.perform(post("/console/conversations/" + other + "/reply").param("text", "مرحباً").with(r).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(body(get("/console/inbox/rows").with(r))).contains(other);

        // the beneficiary of a case assigned to them: their conversations and file open too
        String beneficiary = newBeneficiary();
        Case c = openCase(CaseType.SUPPORT_REQUEST, beneficiary, null);
        assign(c, account(Role.RESEARCHER)).andExpect(status().is3xxRedirection());
        mvc.perform(get("/console/beneficiaries/" + beneficiary).with(r)).andExpect(status().isForbidden());
        assign(c, researcher).andExpect(status().is3xxRedirection());
        mvc.perform(get("/console/conversations/" + conversationOf(beneficiary)).with(r)).andExpect(status().isOk());
        mvc.perform(get("/console/beneficiaries/" + beneficiary).with(r)).andExpect(status().isOk());
    }

    @Test
    void theCommitteeAndTheAdministratorReadNoConversations() throws Exception {
        String conversation = conversationOf(newBeneficiary());
        mvc.perform(get("/console/conversations/" + conversation).with(as("k-c", Role.COMMITTEE)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/console/conversations/" + conversation).with(as("a-c", Role.ADMIN)))
                .andExpect(status().isForbidden());
        assertThat(body(get("/console/inbox/rows").with(as("a-c", Role.ADMIN)))).doesNotContain(conversation);
    }

    @Test
    void aFileABeneficiarySentDownloadsOnlyForThoseWhoMaySeeTheirConversation() throws Exception {
        String phone = newPhone();
        var sent = conversations.message(inbound.receive(new InboundMessage(ChannelType.WHATSAPP,
                "wa-" + UUID.randomUUID(), new Sender(phone, "أم سالم", phone, "ar"), "تقريري الطبي",
                java.util.List.of(new org.sila.channel.Attachment("تقرير.pdf", "application/pdf",
                        "%PDF-1.4 health".getBytes(StandardCharsets.UTF_8))), null, null, null, null))
                .messageId()).orElseThrow();
        String download = "/console/conversations/" + sent.conversationId() + "/attachments/"
                + sent.attachments().get(0).id();
        String accused = account(Role.OFFICER);
        openCase(CaseType.COMPLAINT, sent.beneficiaryId(), accused, sent.conversationId());
        for (RequestPostProcessor refused : new RequestPostProcessor[]{as(account(Role.RESEARCHER), Role.RESEARCHER),
                as("k-file", Role.COMMITTEE), as("a-file", Role.ADMIN), as(accused, Role.OFFICER)}) {
            mvc.perform(get(download).with(refused)).andExpect(status().isForbidden());
        }
        String researcher = account(Role.RESEARCHER);
        mvc.perform(post("/console/conversations/" + sent.conversationId() + "/assign").param("to", researcher)
                .with(as("o-file", Role.OFFICER)).with(csrf())).andExpect(status().is3xxRedirection());
        mvc.perform(get(download).with(as(researcher, Role.RESEARCHER))).andExpect(status().isOk());
        mvc.perform(get(download).with(as("o-file", Role.OFFICER))).andExpect(status().isOk());
    }

    @Test
    void conversationsAndCasesGoOnlyToStaffWhoDoCasework() throws Exception {
        String conversation = conversationOf(newBeneficiary());
        Case c = openCase(CaseType.SUPPORT_REQUEST, newBeneficiary(), null);
        for (Role role : new Role[]{Role.MANAGER, Role.ADMIN, Role.COMMITTEE}) {
            String name = account(role);
            mvc.perform(post("/console/conversations/" + conversation + "/assign").param("to", name)
                    .with(as("o-any", Role.OFFICER)).with(csrf())).andExpect(status().isForbidden());
            assign(c, name).andExpect(status().isForbidden());
        }
        assertThat(conversations.conversation(conversation).orElseThrow().assignee()).isNull();
        String researcher = account(Role.RESEARCHER);
        assign(c, researcher).andExpect(status().is3xxRedirection());
        assertThat(cases.byId(c.id()).orElseThrow().assignee()).isEqualTo(researcher);
    }

    // ---- complaints about staff ----------------------------------------------------------------------------

    @Test
    void theStaffMemberAComplaintIsAboutNeitherSeesNorReassignsIt() throws Exception {
        String accused = account(Role.OFFICER);
        String complainant = newBeneficiary();
        String conversation = conversationOf(complainant);
        Case complaint = openCase(CaseType.COMPLAINT, complainant, accused, conversation);
        RequestPostProcessor a = as(accused, Role.OFFICER);

        mvc.perform(get("/console/cases/" + complaint.id()).with(a)).andExpect(status().isForbidden());
        assertThat(body(get("/console/cases").with(a))).doesNotContain(complaint.reference());
        mvc.perform(post("/console/cases/" + complaint.id() + "/assign").param("to", accused)
                .with(a).with(csrf())).andExpect(status().isForbidden());
        String colleague = account(Role.OFFICER);
        mvc.perform(post("/console/cases/" + complaint.id() + "/assign").param("to", colleague)
                .with(a).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(get("/console/conversations/" + conversation).with(a)).andExpect(status().isForbidden());
        mvc.perform(post("/console/conversations/" + conversation + "/reply").param("text", "x").with(a).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/console/beneficiaries/" + complainant).with(a)).andExpect(status().isForbidden());
        assertThat(body(get("/console/inbox/rows").with(a))).doesNotContain(conversation);
        mvc.perform(post("/console/conversations/" + conversation + "/assign").param("to", accused)
                .with(as(colleague, Role.OFFICER)).with(csrf())).andExpect(status().isForbidden());

        // a colleague sees all of it
        mvc.perform(get("/console/cases/" + complaint.id()).with(as(colleague, Role.OFFICER)))
                .andExpect(status().isOk());
        mvc.perform(get("/console/conversations/" + conversation).with(as(colleague, Role.OFFICER)))
                .andExpect(status().isOk());
    }

    @Test
    void aComplaintNamesItsStaffMemberHoweverTheNameIsTypedAndNeverNobody() throws Exception {
        String accused = account(Role.OFFICER);
        String conversation = conversationOf(newBeneficiary());
        String page = mvc.perform(post("/console/conversations/" + conversation + "/cases").param("type", "COMPLAINT")
                        .param("summary", "عاملني بجفاء").param("aboutStaff", " " + accused.toUpperCase())
                        .with(as("o-name", Role.OFFICER)).with(csrf())).andExpect(status().is3xxRedirection())
                .andReturn().getResponse().getRedirectedUrl();
        Case complaint = cases.byId(page.substring(page.lastIndexOf('/') + 1)).orElseThrow();
        assertThat(complaint.aboutStaffId()).isEqualTo(accused);
        assertThat(complaint.assignee()).isNotEqualTo(accused);
        mvc.perform(get("/console/cases/" + complaint.id()).with(as(accused, Role.OFFICER)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/console/conversations/" + conversation).with(as(accused, Role.OFFICER)))
                .andExpect(status().isForbidden());

        long before = cases.ofBeneficiary(complaint.beneficiaryId()).size();
        mvc.perform(post("/console/conversations/" + conversation + "/cases").param("type", "COMPLAINT")
                .param("aboutStaff", "nobody-" + accused).with(as("o-name", Role.OFFICER)).with(csrf()))
                .andExpect(status().isBadRequest());
        assertThat(cases.ofBeneficiary(complaint.beneficiaryId())).hasSize((int) before);
    }

    @Test
    void aManagerOrAdministratorAComplaintIsAboutNeitherExportsNorErasesTheComplainant() throws Exception {
        String manager = account(Role.MANAGER);
        String admin = account(Role.ADMIN);
        String complainant = newBeneficiary();
        Case aboutManager = openCase(CaseType.COMPLAINT, complainant, manager, conversationOf(complainant));
        openCase(CaseType.COMPLAINT, complainant, admin, conversationOf(complainant));

        mvc.perform(get("/console/beneficiaries/" + complainant + "/export").with(as(manager, Role.MANAGER)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/console/beneficiaries/" + complainant + "/erase").param("confirm", "ERASE")
                .with(as(admin, Role.ADMIN)).with(csrf())).andExpect(status().isForbidden());
        assertThat(queries.conversationsOf(complainant)).isNotEmpty();
        assertThat(cases.byId(aboutManager.id()).orElseThrow().conversationId()).isNotNull();
        // a colleague of theirs answers the request
        mvc.perform(get("/console/beneficiaries/" + complainant + "/export").with(as("m-other", Role.MANAGER)))
                .andExpect(status().isOk());
    }

    // ---- cases ----------------------------------------------------------------------------------------------

    @Test
    void aResearcherSeesTheCasesAssignedToThemAndTheCommitteeThoseItReviews() throws Exception {
        String researcher = account(Role.RESEARCHER);
        Case theirs = openCase(CaseType.SUPPORT_REQUEST, newBeneficiary(), null);
        Case notTheirs = openCase(CaseType.SUPPORT_REQUEST, newBeneficiary(), null);
        assign(theirs, researcher).andExpect(status().is3xxRedirection());
        assign(notTheirs, account(Role.RESEARCHER)).andExpect(status().is3xxRedirection());
        RequestPostProcessor r = as(researcher, Role.RESEARCHER);
        mvc.perform(get("/console/cases/" + theirs.id()).with(r)).andExpect(status().isOk());
        mvc.perform(get("/console/cases/" + notTheirs.id()).with(r)).andExpect(status().isForbidden());
        assertThat(body(get("/console/cases").with(r))).contains(theirs.reference())
                .doesNotContain(notTheirs.reference());

        RequestPostProcessor k = as("k-" + researcher, Role.COMMITTEE);
        mvc.perform(get("/console/cases/" + theirs.id()).with(k)).andExpect(status().isForbidden());
        assertThat(body(get("/console/cases").with(k))).doesNotContain(theirs.reference());
        move(theirs, CaseStage.RECEIVED, CaseStage.COMPLETENESS_CHECK, as("o-k", Role.OFFICER));
        move(theirs, CaseStage.COMPLETENESS_CHECK, CaseStage.WITH_RESEARCHER, as("o-k", Role.OFFICER));
        move(theirs, CaseStage.WITH_RESEARCHER, CaseStage.ATTESTED, r);
        move(theirs, CaseStage.ATTESTED, CaseStage.COMMITTEE_REVIEW, r);
        mvc.perform(get("/console/cases/" + theirs.id()).with(k)).andExpect(status().isOk());
        assertThat(body(get("/console/cases").with(k))).contains(theirs.reference())
                .doesNotContain(notTheirs.reference());

        mvc.perform(get("/console/cases/" + notTheirs.id()).with(as("a-" + researcher, Role.ADMIN)))
                .andExpect(status().isForbidden());
    }

    // ---- audit of views -------------------------------------------------------------------------------------

    @Test
    void theInboxTheCaseListAndAConversationsHistoryLeaveAnAuditEntry() throws Exception {
        String officer = "o-audit-" + UUID.randomUUID().toString().substring(0, 6);
        String beneficiary = newBeneficiary();
        String conversation = conversationOf(beneficiary);
        mvc.perform(get("/console").with(as(officer, Role.OFFICER))).andExpect(status().isOk());
        mvc.perform(get("/console/cases").with(as(officer, Role.OFFICER))).andExpect(status().isOk());
        mvc.perform(get("/console/conversations/" + conversation + "/history").with(as(officer, Role.OFFICER)))
                .andExpect(status().isOk());
        assertThat(audit.latest(null, 500)).filteredOn(e -> e.actor().equals(officer))
                .extracting(AuditEntry::action, AuditEntry::detail, AuditEntry::beneficiaryId)
                .contains(org.assertj.core.groups.Tuple.tuple(AuditLog.VIEW, "inbox", null),
                        org.assertj.core.groups.Tuple.tuple(AuditLog.VIEW, "cases", null),
                        org.assertj.core.groups.Tuple.tuple(AuditLog.VIEW, "history", beneficiary));
    }

    // ---- masking, export and erasure -------------------------------------------------------------------------

    @Test
    void anIdInAFreeTextFieldOrAStageNoteIsMaskedForTheManager() throws Exception {
        String id = newNationalId();
        Case c = cases.open(new OpenCase(CaseType.SUPPORT_REQUEST, newBeneficiary(), null, ChannelType.WHATSAPP,
                Map.of("summary", "أرملة، هويتها " + id), false, null, null, null, "o-open"));
        mvc.perform(post("/console/cases/" + c.id() + "/move").param("from", "RECEIVED")
                .param("to", "COMPLETENESS_CHECK").param("note", "تحققت من الهوية " + spaced(id))
                .with(as("o-note", Role.OFFICER)).with(csrf())).andExpect(status().is3xxRedirection());
        String manager = body(get("/console/cases/" + c.id()).with(as("m-note", Role.MANAGER)));
        assertThat(manager).doesNotContain(id, spaced(id)).contains("أرملة، هويتها ••••••••" + id.substring(8));
        assertThat(body(get("/console/cases/" + c.id()).with(as("o-note", Role.OFFICER)))).contains(id, spaced(id));
    }

    @Test
    void anIdCutOffAtTheEndOfTheInboxPreviewIsStillMasked() throws Exception {
        String id = newNationalId();
        // The preview keeps 79 characters: the ID starts at the 74th, so only its first six digits would show.
        String beneficiary = newBeneficiary(newPhone(), "أ".repeat(72) + " " + id);
        String rows = body(get("/console/inbox/rows").param("channel", "WHATSAPP").with(as("m-cut", Role.MANAGER)));
        String preview = org.jsoup.Jsoup.parse("<table>" + rows + "</table>")
                .select("tr[data-conversation=" + conversationOf(beneficiary) + "] .preview").text();
        assertThat(preview).startsWith("أ".repeat(72)).contains("••••").doesNotContain(id.substring(0, 6));
    }

    @Test
    void theExportHoldsEveryModulesDataTheManagersMaskedAndErasureLeavesTheIdNowhere() throws Exception {
        String id = newNationalId();
        String phone = newPhone();
        String beneficiary = newBeneficiary(phone, "هذا رقم هويتي " + id);
        String conversation = conversationOf(beneficiary);
        mvc.perform(post("/console/walkins").param("kind", "WALK_IN").param("phone", phone).param("nationalId", id)
                .param("summary", "زيارة").with(as("o-erase", Role.OFFICER)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        Case c = cases.open(new OpenCase(CaseType.SUPPORT_REQUEST, beneficiary, conversation, ChannelType.WHATSAPP,
                Map.of("nationalId", id), false, null, null, null, "bot"));
        mvc.perform(post("/console/cases/" + c.id() + "/move").param("from", "RECEIVED")
                .param("to", "COMPLETENESS_CHECK").param("note", "الهوية " + id)
                .with(as("o-erase", Role.OFFICER)).with(csrf())).andExpect(status().is3xxRedirection());
        // what the bot, the surveys and the follow-ups keep of them (once the bot is done with the message)
        org.awaitility.Awaitility.await().until(() -> mongo.findById(conversation, Document.class, "dialogues") != null);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        mongo.updateFirst(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("_id").is(conversation)),
                new org.springframework.data.mongodb.core.query.Update().set("flow", "application")
                        .set("step", "city").set("fields", new Document("nationalId", id)), "dialogues");
        mongo.insert(new Document("text", "ما حالة طلبي " + id).append("key", "x").append("kind", "UNKNOWN")
                .append("confidence", 0.1).append("conversationId", conversation).append("at", java.util.Date.from(now)), "unanswered");
        String survey = Survey.conversationKey(conversation);
        mongo.insert(new Survey(survey, SurveyTrigger.CONVERSATION_RESOLVED, conversation, null, null, null,
                beneficiary, ChannelType.WHATSAPP, phone, null, "ar", SurveyStatus.ANSWERED, null, false, now,
                now.plusSeconds(3600), 1, "تأخرتم، هويتي " + id, now, null));
        mongo.insert(new SurveyAnswer(survey, 1, "تأخرتم، هويتي " + id, "1 هويتي " + id, null, ChannelType.WHATSAPP,
                SurveyTrigger.CONVERSATION_RESOLVED, null, null, now));
        mongo.insert(new FollowUp(survey, 1, "تأخرتم، هويتي " + id, beneficiary, conversation, null, null,
                ChannelType.WHATSAPP, null, FollowUp.Status.DONE, now, "m-erase", now, "اتصلت بها، هويتها " + id));
        mongo.insert(new Document("_id", "WHATSAPP:" + phone).append("surveyId", survey), "survey_pending");
        // a compensation claim with the committee's findings, and a file they sent
        Case claim = cases.open(new OpenCase(CaseType.COMPENSATION, beneficiary, conversation, ChannelType.WHATSAPP,
                Map.of("text", "ضرر"), false, null, null, null, "bot"));
        mongo.insert(new org.sila.casework.CompensationReview(claim.id(), Map.of(
                org.sila.casework.CompensationCondition.SETTLED_BY_NEGOTIATION,
                new org.sila.casework.CompensationReview.Finding(true, null, "محضر، الهوية " + id,
                        "شيك لصاحب الهوية " + id, "k-erase", now)), null));
        var file = conversations.message(inbound.receive(new InboundMessage(ChannelType.WHATSAPP,
                "wa-" + UUID.randomUUID(), new Sender(phone, "أم سالم", phone, "ar"), "صورة الهوية",
                java.util.List.of(new org.sila.channel.Attachment("هوية.jpg", "image/jpeg", new byte[]{1, 2, 3})),
                null, null, null, null)).messageId()).orElseThrow();

        String export = "/console/beneficiaries/" + beneficiary + "/export";
        String whole = body(get(export).with(as("a-erase", Role.ADMIN)));
        assertThat(com.jayway.jsonpath.JsonPath.<Object>read(whole, "$.nationalId")).isEqualTo(id);
        for (String path : new String[]{"$.bot.dialogues[0].fields.nationalId", "$.bot.unansweredQuestions[0].text",
                "$.surveys.sent[0].comment", "$.surveys.answers[0].raw", "$.surveys.followUps[0].comment",
                "$.cases[1].fields.nationalId", "$.cases[1].history[1].note", "$.messages[0].text",
                "$.compensationReviews[0].findings.SETTLED_BY_NEGOTIATION.terms"}) {
            assertThat(com.jayway.jsonpath.JsonPath.<String>read(whole, path)).as(path).contains(id);
        }
        String masked = body(get(export).with(as("m-erase", Role.MANAGER)));
        assertThat(masked).doesNotContain(id).contains("••••••••" + id.substring(8));

        mvc.perform(post("/console/beneficiaries/" + beneficiary + "/erase").param("confirm", "ERASE")
                .with(as("a-erase", Role.ADMIN)).with(csrf())).andExpect(status().is3xxRedirection());
        for (String collection : mongo.getCollectionNames()) {
            if (!collection.equals("audit")) {
                assertThat(mongo.findAll(Document.class, collection)).as(collection)
                        .noneSatisfy(d -> assertThat(d.toJson()).contains(id))
                        .noneSatisfy(d -> assertThat(d.toJson()).contains(phone.substring(1)));
            }
        }
        assertThat(mongo.count(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("messageId").is(file.id())), "attachments"))
                .isZero();
        Case kept = cases.byId(c.id()).orElseThrow();
        assertThat(kept.history()).extracting(h -> h.to()).containsExactly(CaseStage.RECEIVED,
                CaseStage.COMPLETENESS_CHECK);
        assertThat(mongo.findById(survey, SurveyAnswer.class)).extracting(SurveyAnswer::score).isEqualTo(1);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    static RequestPostProcessor as(String username, Role... roles) {
        return SecurityMockMvcRequestPostProcessors.user(username)
                .roles(java.util.Arrays.stream(roles).map(Enum::name).toArray(String[]::new));
    }

    private String account(Role role) {
        String name = role.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        staff.create(name, null, PASSWORD, Set.of(role), false);
        return name;
    }

    private MockHttpSession signIn(String name, String password) throws Exception {
        return (MockHttpSession) mvc.perform(post("/login").param("username", name).param("password", password)
                .with(csrf())).andExpect(redirectedUrl("/console")).andReturn().getRequest().getSession();
    }

    private String loginPageAfterFailure(String name) throws Exception {
        MockHttpSession session = (MockHttpSession) mvc.perform(post("/login").param("username", name)
                        .param("password", "guess").with(csrf())).andExpect(redirectedUrl("/login?error"))
                .andReturn().getRequest().getSession();
        return body(get("/login").param("error", "").session(session));
    }

    private static String errorOf(String page) {
        return org.jsoup.Jsoup.parse(page).select("#login-error").text();
    }

    private String newBeneficiary() {
        return newBeneficiary(newPhone(), "أريد التسجيل");
    }

    private String newBeneficiary(String phone, String text) {
        return conversations.message(inbound.receive(new InboundMessage(ChannelType.WHATSAPP,
                "wa-" + UUID.randomUUID(), new Sender(phone, "أم سالم", phone, "ar"), text,
                null, null, null, null, null)).messageId()).orElseThrow().beneficiaryId();
    }

    /** A valid Saudi mobile number (prefix 50: not every +9665x is one, and an invalid number is nobody's phone). */
    private static String newPhone() {
        return "+96650" + String.format("%07d", ThreadLocalRandom.current().nextLong(10_000_000L));
    }

    /** A national ID no other test uses, so finding it anywhere means it was left behind. */
    private static String newNationalId() {
        return "1" + String.format("%09d", ThreadLocalRandom.current().nextLong(1_000_000_000L));
    }

    private static String spaced(String id) {
        return id.substring(0, 4) + " " + id.substring(4, 7) + " " + id.substring(7);
    }

    private String conversationOf(String beneficiaryId) {
        return queries.conversationsOf(beneficiaryId).get(0).id();
    }

    private Case openCase(CaseType type, String beneficiaryId, String aboutStaff) {
        return openCase(type, beneficiaryId, aboutStaff, null);
    }

    private Case openCase(CaseType type, String beneficiaryId, String aboutStaff, String conversationId) {
        return cases.open(new OpenCase(type, beneficiaryId, conversationId, ChannelType.WHATSAPP, Map.of(), false,
                aboutStaff, null, null, "o-open"));
    }

    private ResultActions assign(Case c, String to) throws Exception {
        return mvc.perform(post("/console/cases/" + c.id() + "/assign").param("to", to)
                .with(as("o-assign", Role.OFFICER)).with(csrf()));
    }

    private void move(Case c, CaseStage from, CaseStage to, RequestPostProcessor who) throws Exception {
        mvc.perform(post("/console/cases/" + c.id() + "/move").param("from", from.name()).param("to", to.name())
                .with(who).with(csrf())).andExpect(status().is3xxRedirection());
    }

    private String body(RequestBuilder request) throws Exception {
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }
}
