package org.sila.console;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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
import org.sila.conversation.Direction;
import org.sila.conversation.Message;
import org.sila.staff.AuditLog;
import org.sila.association.Language;
import org.sila.association.Templates;
import org.sila.staff.Role;
import org.sila.staff.StaffAccount;
import org.sila.staff.StaffDirectory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Who may do what in the console, what they see of personal data, and the data-protection requests. */
@ConsoleTest
class ConsoleRulesTest {

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
    Templates templates;

    // ---- signing in -----------------------------------------------------------------------------------------

    @Test
    void theConsoleAsksStaffToSignInButTheWebChatAndHealthStayOpen() throws Exception {
        mvc.perform(get("/console")).andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/login"));
        mvc.perform(post("/api/webchat/sessions").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isCreated());
        mvc.perform(get("/actuator/health")).andExpect(status().isOk());
        mvc.perform(get("/login")).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("تسجيل الدخول")));
    }

    @Test
    void theConsoleIsArabicRightToLeftWithAnEnglishSwitch() throws Exception {
        assertThat(body(get("/console").with(as("o0", Role.OFFICER)))).contains("dir=\"rtl\"", "صندوق الوارد");
        assertThat(body(get("/console").param("lang", "en").with(as("o0", Role.OFFICER))))
                .contains("dir=\"ltr\"", "Inbox");
    }

    @Test
    void aOneTimePasswordMustBeChangedBeforeAnythingElse() throws Exception {
        String name = "temp-" + UUID.randomUUID().toString().substring(0, 6);
        staff.create(name, null, "one-time-pass-1", Set.of(Role.OFFICER), true);
        mvc.perform(get("/console").with(as(name, Role.OFFICER))).andExpect(redirectedUrl("/console/password"));
        mvc.perform(post("/console/password").param("current", "one-time-pass-1")
                .param("password", "my-own-password").param("repeat", "my-own-password")
                .with(as(name, Role.OFFICER)).with(csrf())).andExpect(redirectedUrl("/console"));
        mvc.perform(get("/console").with(as(name, Role.OFFICER))).andExpect(status().isOk());
        mvc.perform(post("/login").param("username", name).param("password", "my-own-password").with(csrf()))
                .andExpect(redirectedUrl("/console"));
    }

    @Test
    void staffReplyWithButtonsTakingOverFromTheBotThenHandBackAndResolve() throws Exception {
        String officer = account(Role.OFFICER);
        String conversationId = conversationOf(newBeneficiary(null));
        mvc.perform(post("/console/conversations/" + conversationId + "/reply").param("text", "هل تريد موعداً؟")
                .param("buttons", "نعم، لا").with(as(officer, Role.OFFICER)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(conversations.conversation(conversationId).orElseThrow()).satisfies(c -> {
            assertThat(c.status()).isEqualTo(org.sila.conversation.ConversationStatus.ASSIGNED);
            assertThat(c.assignee()).isEqualTo(officer);
        });
        Message reply = conversations.messages(conversationId).stream()
                .filter(m -> "هل تريد موعداً؟".equals(m.text())).findFirst().orElseThrow();
        assertThat(reply.author().id()).isEqualTo(officer);
        assertThat(reply.quickReplies()).extracting(q -> q.title()).containsExactly("نعم", "لا");

        mvc.perform(post("/console/conversations/" + conversationId + "/assign").param("to", "bot")
                .with(as(officer, Role.OFFICER)).with(csrf())).andExpect(status().is3xxRedirection());
        assertThat(conversations.conversation(conversationId).orElseThrow().status())
                .isEqualTo(org.sila.conversation.ConversationStatus.BOT);
        mvc.perform(post("/console/conversations/" + conversationId + "/resolve")
                .with(as(officer, Role.OFFICER)).with(csrf())).andExpect(status().is3xxRedirection());
        assertThat(conversations.conversation(conversationId).orElseThrow().status())
                .isEqualTo(org.sila.conversation.ConversationStatus.RESOLVED);
    }

    @Test
    void theFirstStartCreatedAnAdmin() {
        assertThat(staff.find("admin")).hasValueSatisfying(a -> assertThat(a.roles()).contains(Role.ADMIN));
    }

    @Test
    void aDeactivatedAccountIsSignedOutAtOnceAndCannotSignInUntilReactivated() throws Exception {
        String name = account(Role.OFFICER);
        String admin = account(Role.ADMIN);
        var session = (org.springframework.mock.web.MockHttpSession) mvc.perform(post("/login")
                        .param("username", name).param("password", "right-password-1").with(csrf()))
                .andExpect(redirectedUrl("/console")).andReturn().getRequest().getSession();
        mvc.perform(get("/console").session(session)).andExpect(status().isOk());

        mvc.perform(post("/console/staff/" + name + "/active").param("active", "false")
                .with(as("o-" + name, Role.OFFICER)).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/console/staff/" + name + "/active").param("active", "false")
                .with(as(admin, Role.ADMIN)).with(csrf())).andExpect(redirectedUrl("/console/staff"));
        assertThat(audit.latest(null, 20)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("STAFF_DEACTIVATE");
            assertThat(e.subjectId()).isEqualTo(name);
        });

        String page = mvc.perform(get("/console/staff").param("lang", "en").with(as(admin, Role.ADMIN)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("/console/staff/" + name + "/active", "Deactivated", "Reactivate");
        assertThat(page).doesNotContain("/console/staff/" + admin + "/active"); // no button against oneself

        mvc.perform(get("/console").session(session)).andExpect(redirectedUrl("/login?deactivated"));
        assertThat(session.isInvalid()).isTrue();
        mvc.perform(post("/login").param("username", name).param("password", "right-password-1").with(csrf()))
                .andExpect(redirectedUrl("/login?error"));
        assertThat(staff.withRole(Role.OFFICER)).extracting(StaffAccount::username).doesNotContain(name);

        mvc.perform(post("/console/staff/" + name + "/active").param("active", "true")
                .with(as(admin, Role.ADMIN)).with(csrf())).andExpect(redirectedUrl("/console/staff"));
        mvc.perform(post("/login").param("username", name).param("password", "right-password-1").with(csrf()))
                .andExpect(redirectedUrl("/console"));
    }

    @Test
    void anAdministratorCannotDeactivateThemselvesNorTheLastActiveAdministrator() throws Exception {
        String last = account(Role.ADMIN);
        mvc.perform(post("/console/staff/" + last + "/active").param("active", "false")
                .with(as(last, Role.ADMIN)).with(csrf())).andExpect(status().isBadRequest());
        List<String> others = staff.all().stream()
                .filter(a -> a.active() && a.roles().contains(Role.ADMIN) && !a.username().equals(last))
                .map(StaffAccount::username).toList();
        try {
            others.forEach(a -> staff.setActive(a, false));
            assertThatThrownBy(() -> staff.setActive(last, false)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("last active administrator");
            assertThat(staff.find(last).orElseThrow().active()).isTrue();
        } finally {
            others.forEach(a -> staff.setActive(a, true));
        }
    }

    @Test
    void repeatedFailuresLockTheAccountEvenAgainstTheRightPassword() throws Exception {
        String name = account(Role.OFFICER);
        mvc.perform(post("/login").param("username", name).param("password", "right-password-1").with(csrf()))
                .andExpect(redirectedUrl("/console"));
        for (int i = 0; i < 5; i++) {
            mvc.perform(post("/login").param("username", name).param("password", "wrong").with(csrf()))
                    .andExpect(redirectedUrl("/login?error"));
        }
        mvc.perform(post("/login").param("username", name).param("password", "right-password-1").with(csrf()))
                .andExpect(redirectedUrl("/login?error"));
        assertThat(staff.find(name).orElseThrow().lockedUntil()).isNotNull();
    }

    @Test
    void aConsoleChangeNeedsTheCsrfToken() throws Exception {
        String conversationId = conversationOf(newBeneficiary("+966500000101"));
        mvc.perform(post("/console/conversations/" + conversationId + "/note").param("text", "x")
                .with(as("officer-x", Role.OFFICER))).andExpect(status().isForbidden());
        mvc.perform(post("/console/conversations/" + conversationId + "/note").param("text", "ملاحظة")
                .with(as("officer-x", Role.OFFICER)).with(csrf())).andExpect(status().is3xxRedirection());
    }

    @Test
    void aStandardAnswerFromTheProfileIsDraftedInTheBeneficiarysLanguage() throws Exception {
        String conversationId = conversationOf(newBeneficiary("+966500000108"));
        String page = body(get("/console/conversations/" + conversationId).with(as("o8", Role.OFFICER)));
        assertThat(page).contains("id=\"answer-choice\"", "value=\"decision-time\"", "مدة دراسة الطلب");

        String drafted = body(get("/console/conversations/" + conversationId).param("answer", "decision-time")
                .with(as("o8", Role.OFFICER)));
        String answer = templates.text("faq.decision-time", Language.AR);
        assertThat(answer).doesNotContain("{");
        assertThat(drafted).contains(org.springframework.web.util.HtmlUtils.htmlEscape(answer, "UTF-8"));
        mvc.perform(get("/console/conversations/" + conversationId).param("answer", "no-such-answer")
                .with(as("o8", Role.OFFICER))).andExpect(status().isBadRequest());

        var english = inbound.receive(new InboundMessage(ChannelType.WHATSAPP, "wa-" + UUID.randomUUID(),
                new Sender("+966500000109", "Sara", "+966500000109", "en"), "Hello", null, null, null, null, null));
        String englishConversation = conversations.message(english.messageId()).orElseThrow().conversationId();
        assertThat(body(get("/console/conversations/" + englishConversation).param("answer", "decision-time")
                .with(as("o8", Role.OFFICER)))).contains(org.springframework.web.util.HtmlUtils.htmlEscape(
                templates.text("faq.decision-time", Language.EN), "UTF-8"));
    }

    @Test
    void theInboxFiltersByChannelAndAssignee() throws Exception {
        String officer = account(Role.OFFICER);
        String whatsapp = conversationOf(newBeneficiary("+966500000109"));
        newBeneficiary(null);
        mvc.perform(post("/console/conversations/" + whatsapp + "/assign").param("to", "me")
                .with(as(officer, Role.OFFICER)).with(csrf())).andExpect(status().is3xxRedirection());

        String byChannel = body(get("/console/inbox/rows").param("channel", "WHATSAPP").with(as(officer, Role.OFFICER)));
        assertThat(byChannel).contains(whatsapp).doesNotContain("زائر");
        String mine = body(get("/console/inbox/rows").param("mine", "true").with(as(officer, Role.OFFICER)));
        assertThat(mine).contains(whatsapp);
        assertThat(mine.split("class=\"inbox-row")).hasSize(2);
    }

    // ---- role rules -----------------------------------------------------------------------------------------

    @Test
    void anOfficerCannotReadTheAuditLogAManagerCan() throws Exception {
        mvc.perform(get("/console/audit").with(as("o1", Role.OFFICER))).andExpect(status().isForbidden());
        mvc.perform(get("/console/audit").with(as("m1", Role.MANAGER))).andExpect(status().isOk());
        // left by issue 14's audit: reading the audit log is itself audited, with whose trail was read
        String beneficiary = "b-" + java.util.UUID.randomUUID();
        mvc.perform(get("/console/audit").param("beneficiary", beneficiary).with(as("m1", Role.MANAGER)))
                .andExpect(status().isOk());
        assertThat(audit.latest(beneficiary, 10)).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("m1");
            assertThat(e.action()).isEqualTo(AuditLog.VIEW);
            assertThat(e.detail()).isEqualTo("audit log");
        });
    }

    @Test
    void theManagerReadsButDoesNotReply() throws Exception {
        String conversationId = conversationOf(newBeneficiary("+966500000102"));
        mvc.perform(get("/console/conversations/" + conversationId).with(as("m2", Role.MANAGER)))
                .andExpect(status().isOk());
        mvc.perform(post("/console/conversations/" + conversationId + "/reply").param("text", "مرحبا")
                .with(as("m2", Role.MANAGER)).with(csrf())).andExpect(status().isForbidden());
    }

    @Test
    void aRequestMovesOnlyByTheRightRoleAndEachMoveIsRecorded() throws Exception {
        String researcher = account(Role.RESEARCHER);
        Case c = request(newBeneficiary("+966500000103"), Map.of());
        assign(c, researcher);

        move(c, CaseStage.RECEIVED, CaseStage.COMPLETENESS_CHECK, as(researcher, Role.RESEARCHER)).andExpect(status().isForbidden());
        move(c, CaseStage.RECEIVED, CaseStage.COMPLETENESS_CHECK, as("o3", Role.OFFICER)).andExpect(status().is3xxRedirection());
        move(c, CaseStage.COMPLETENESS_CHECK, CaseStage.WITH_RESEARCHER, as("o3", Role.OFFICER)).andExpect(status().is3xxRedirection());
        move(c, CaseStage.WITH_RESEARCHER, CaseStage.ATTESTED, as("another-researcher", Role.RESEARCHER))
                .andExpect(status().isForbidden()); // not theirs
        move(c, CaseStage.WITH_RESEARCHER, CaseStage.ATTESTED, as(researcher, Role.RESEARCHER)).andExpect(status().is3xxRedirection());
        move(c, CaseStage.ATTESTED, CaseStage.COMMITTEE_REVIEW, as(researcher, Role.RESEARCHER)).andExpect(status().is3xxRedirection());

        // a researcher cannot decide; an officer neither; the committee does, a rejection with its reason
        move(c, CaseStage.COMMITTEE_REVIEW, CaseStage.ACCEPTED, as(researcher, Role.RESEARCHER)).andExpect(status().isForbidden());
        move(c, CaseStage.COMMITTEE_REVIEW, CaseStage.ACCEPTED, as("o3", Role.OFFICER)).andExpect(status().isForbidden());
        move(c, CaseStage.COMMITTEE_REVIEW, CaseStage.REJECTED, as("k1", Role.COMMITTEE)).andExpect(status().isConflict());
        move(c, CaseStage.COMMITTEE_REVIEW, CaseStage.ACCEPTED, as("k1", Role.COMMITTEE)).andExpect(status().is3xxRedirection());
        // no skipping stages
        move(c, CaseStage.ACCEPTED, CaseStage.CLOSED, as("o3", Role.OFFICER)).andExpect(status().isConflict());

        Case moved = cases.byId(c.id()).orElseThrow();
        assertThat(moved.stage()).isEqualTo(CaseStage.ACCEPTED);
        assertThat(moved.history()).extracting(h -> h.to() + " by " + h.by()).containsExactly(
                "RECEIVED by o3", "COMPLETENESS_CHECK by o3", "WITH_RESEARCHER by o3", "ATTESTED by " + researcher,
                "COMMITTEE_REVIEW by " + researcher, "ACCEPTED by k1");
        assertThat(moved.history()).allSatisfy(h -> assertThat(h.at()).isNotNull());
        assertThat(audit.latest(moved.beneficiaryId(), 50)).extracting(e -> e.action()).contains("CASE_MOVE");
    }

    @Test
    void aComplaintGoesReceivedInvestigatingResolvedWithItsOutcome() throws Exception {
        Case c = cases.open(new OpenCase(CaseType.COMPLAINT, newBeneficiary("+966500000104"), null,
                ChannelType.WEBCHAT, Map.of(), false, null, null, null, "o4"));
        move(c, CaseStage.RECEIVED, CaseStage.INVESTIGATING, as("o4", Role.OFFICER)).andExpect(status().is3xxRedirection());
        mvc.perform(post("/console/cases/" + c.id() + "/move").param("from", "INVESTIGATING").param("to", "RESOLVED")
                .with(as("o4", Role.OFFICER)).with(csrf())).andExpect(status().isConflict()); // no outcome
        mvc.perform(post("/console/cases/" + c.id() + "/move").param("from", "INVESTIGATING").param("to", "RESOLVED")
                .param("note", "اعتذار وتصحيح الموعد").with(as("o4", Role.OFFICER)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(cases.byId(c.id()).orElseThrow().history().get(2).note()).isEqualTo("اعتذار وتصحيح الموعد");
    }

    @Test
    void aComplaintAboutAStaffMemberIsNeverTheirs() throws Exception {
        String accused = account(Role.OFFICER);
        account(Role.OFFICER);
        for (int i = 0; i < 4; i++) {
            Case c = cases.open(new OpenCase(CaseType.COMPLAINT, newBeneficiary(null), null, ChannelType.WEBCHAT,
                    Map.of(), false, accused, null, null, "system"));
            Case opened = cases.byId(c.id()).orElseThrow();
            assertThat(opened.assignee()).isNotNull().isNotEqualTo(accused);
            mvc.perform(post("/console/cases/" + c.id() + "/assign").param("to", accused)
                    .with(as("o5", Role.OFFICER)).with(csrf())).andExpect(status().isForbidden());
            move(c, CaseStage.RECEIVED, CaseStage.INVESTIGATING, as(accused, Role.OFFICER)).andExpect(status().isForbidden());
        }
    }

    @Test
    void requestsGoRoundTheResearchersInTurnWithTheirDueDate() {
        String first = account(Role.RESEARCHER);
        String second = account(Role.RESEARCHER);
        Case a = cases.byId(request(newBeneficiary(null), Map.of()).id()).orElseThrow();
        Case b = cases.byId(request(newBeneficiary(null), Map.of()).id()).orElseThrow();
        assertThat(staff.withRole(Role.RESEARCHER)).extracting(x -> x.username()).contains(first, second)
                .contains(a.assignee(), b.assignee());
        assertThat(a.assignee()).isNotEqualTo(b.assignee());
        assertThat(a.dueAt()).isEqualTo(a.createdAt().plus(java.time.Duration.ofDays(14)));
    }

    @Test
    void selectionCriteriaAreRecordedAndSummarisedForTheCommittee() throws Exception {
        Case c = request(newBeneficiary(null), Map.of());
        mvc.perform(post("/console/cases/" + c.id() + "/criteria").param("socialStatus", "أرملة")
                .param("ageGroup", "60+").with(as("k2", Role.COMMITTEE)).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/console/cases/" + c.id() + "/criteria").param("socialStatus", "أرملة")
                .param("ageGroup", "60+").with(as("o2", Role.OFFICER)).with(csrf())).andExpect(status().is3xxRedirection());
        assertThat(cases.byId(c.id()).orElseThrow().fields()).containsEntry("socialStatus", "أرملة")
                .containsEntry("ageGroup", "60+");
        String researcher = account(Role.RESEARCHER);
        assign(c, researcher);
        move(c, CaseStage.RECEIVED, CaseStage.COMPLETENESS_CHECK, as("o2", Role.OFFICER));
        move(c, CaseStage.COMPLETENESS_CHECK, CaseStage.WITH_RESEARCHER, as("o2", Role.OFFICER));
        move(c, CaseStage.WITH_RESEARCHER, CaseStage.ATTESTED, as(researcher, Role.RESEARCHER));
        move(c, CaseStage.ATTESTED, CaseStage.COMMITTEE_REVIEW, as(researcher, Role.RESEARCHER));
        assertThat(body(get("/console/cases/" + c.id()).with(as("k2", Role.COMMITTEE))))
                .contains("معايير الاختيار", "أرملة");
    }

    // ---- personal data --------------------------------------------------------------------------------------

    @Test
    void anIdNumberABeneficiaryTypedIsMaskedInTheConversationForRolesThatDoNotNeedIt() throws Exception {
        String beneficiaryId = newBeneficiary("+966500000106");
        String conversationId = conversationOf(beneficiaryId);
        inbound.receive(new InboundMessage(ChannelType.WHATSAPP, "wa-" + UUID.randomUUID(),
                new Sender("+966500000106", "أم محمد", "+966500000106", "ar"),
                "رقم هويتي ١٠٢٣٤٥٦٧٨٩ وإقامة زوجي 2345678901 وجوالي 0551234567", null, null, null, null, null));
        String page = "/console/conversations/" + conversationId;
        String manager = body(get(page).with(as("m7", Role.MANAGER)));
        assertThat(manager).doesNotContain("١٠٢٣٤٥٦٧٨٩", "2345678901")
                .contains("••••••••٨٩", "••••••••01", "0551234567");
        assertThat(body(get("/console").with(as("m7", Role.MANAGER)))).doesNotContain("2345678901").contains("••••••••01");
        assertThat(body(get(page).with(as("o7", Role.OFFICER)))).contains("١٠٢٣٤٥٦٧٨٩", "2345678901");
    }

    @Test
    void personalDataIsMaskedForRolesThatDoNotNeedIt() throws Exception {
        Case c = request(newBeneficiary("+966500000105"),
                Map.of("nationalId", "1098765432", "income", "3200", "healthNotes", "سكري"));
        String page = "/console/cases/" + c.id();
        String manager = body(get(page).with(as("m6", Role.MANAGER)));
        assertThat(manager).doesNotContain("1098765432", "3200", "سكري").contains("••••••••32");
        String officer = body(get(page).with(as("o6", Role.OFFICER)));
        assertThat(officer).contains("1098765432").doesNotContain("3200", "سكري");
        String r6 = account(Role.RESEARCHER);
        assign(c, r6);
        String researcher = body(get(page).with(as(r6, Role.RESEARCHER)));
        assertThat(researcher).contains("1098765432", "3200", "سكري");
        assertThat(audit.latest(c.beneficiaryId(), 20)).extracting(e -> e.actor() + " " + e.action())
                .contains("m6 VIEW", "o6 VIEW", r6 + " VIEW");
    }

    // ---- export and erase ----------------------------------------------------------------------------------

    @Test
    void aBeneficiaryIsExportedAsJsonAndErasedAcrossChannelsKeepingTheAudit() throws Exception {
        String beneficiaryId = newBeneficiary("+966500000106");
        inbound.receive(new InboundMessage(ChannelType.SMS, "sms-" + UUID.randomUUID(),
                new Sender("+966500000106", null, "+966500000106", "ar"), "رسالة نصية", null, null, null, null, null));
        Case c = request(beneficiaryId, Map.of("nationalId", "1012345678"));
        assertThat(queries.historyOf(beneficiaryId)).extracting(Message::channel)
                .contains(ChannelType.WHATSAPP, ChannelType.SMS);

        assertThat(body(get("/console/beneficiaries/" + beneficiaryId).with(as("o7", Role.OFFICER))))
                .contains("أم محمد");
        mvc.perform(get("/console/beneficiaries/" + beneficiaryId + "/export").with(as("o7", Role.OFFICER)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/console/beneficiaries/" + beneficiaryId + "/export").with(as("admin7", Role.ADMIN)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.beneficiary.phone").value("+966500000106"))
                .andExpect(jsonPath("$.messages[?(@.text == 'رسالة نصية')]").exists())
                .andExpect(jsonPath("$.identities.length()").value(2))
                .andExpect(jsonPath("$.cases[0].reference").value(c.reference()));

        mvc.perform(post("/console/beneficiaries/" + beneficiaryId + "/erase").param("confirm", "ERASE")
                .with(as("m7", Role.MANAGER)).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/console/beneficiaries/" + beneficiaryId + "/erase").param("confirm", "ERASE")
                .with(as("admin7", Role.ADMIN)).with(csrf())).andExpect(status().is3xxRedirection());

        assertThat(queries.historyOf(beneficiaryId)).isEmpty();
        assertThat(queries.conversationsOf(beneficiaryId)).isEmpty();
        assertThat(conversations.identities(beneficiaryId)).isEmpty();
        assertThat(conversations.beneficiary(beneficiaryId)).hasValueSatisfying(b -> {
            assertThat(b.name()).isNull();
            assertThat(b.phone()).isNull();
        });
        Case kept = cases.byId(c.id()).orElseThrow();
        assertThat(kept.reference()).isEqualTo(c.reference());
        assertThat(kept.fields()).isEmpty();
        assertThat(kept.history()).isNotEmpty();
        assertThat(audit.latest(beneficiaryId, 50)).extracting(e -> e.action()).contains("EXPORT", "ERASE", "VIEW");
        // the same phone writing again starts afresh
        assertThat(conversations.beneficiaryByPhone("+966500000106")).isEmpty();
    }

    // ---- notifications ---------------------------------------------------------------------------------------

    @Test
    void aStageChangeIsToldOnTheBeneficiarysChannelAndBySmsWhenTheWindowIsClosed() throws Exception {
        String beneficiaryId = newBeneficiary("+966500000107"); // wrote on WhatsApp, long ago for the fake
        Case c = request(beneficiaryId, Map.of());
        move(c, CaseStage.RECEIVED, CaseStage.COMPLETENESS_CHECK, as("o8", Role.OFFICER)).andExpect(status().is3xxRedirection());

        await().untilAsserted(() -> assertThat(FakeSenders.SMS).anySatisfy(sms -> {
            assertThat(sms.recipient()).isEqualTo("+966500000107");
            assertThat(sms.text()).contains(c.reference()).contains("اكتمال البيانات");
            assertThat(sms.notification()).isTrue();
        }));
        assertThat(queries.historyOf(beneficiaryId)).filteredOn(m -> m.direction() == Direction.OUT && m.notification())
                .extracting(Message::channel).contains(ChannelType.WHATSAPP, ChannelType.SMS);
    }

    @Test
    void aBeneficiaryWhoWroteInEnglishIsToldInEnglish() throws Exception {
        String beneficiaryId = conversations.message(inbound.receive(new InboundMessage(ChannelType.WEBCHAT,
                "wc-" + UUID.randomUUID(), new Sender("session-" + UUID.randomUUID(), "Sam", null, "en"), "Hello",
                null, null, null, null, null)).messageId()).orElseThrow().beneficiaryId();
        Case c = request(beneficiaryId, Map.of());
        move(c, CaseStage.RECEIVED, CaseStage.COMPLETENESS_CHECK, as("o9", Role.OFFICER)).andExpect(status().is3xxRedirection());
        assertThat(queries.historyOf(beneficiaryId)).filteredOn(Message::notification).singleElement()
                .satisfies(m -> {
                    assertThat(m.channel()).isEqualTo(ChannelType.WEBCHAT);
                    assertThat(m.text()).startsWith("Your request " + c.reference());
                });
    }

    // ---- walk-ins --------------------------------------------------------------------------------------------

    @Test
    void aWalkInIsFiledUnderTheBeneficiaryFoundByPhoneAndNotAnsweredByTheBot() throws Exception {
        String beneficiaryId = newBeneficiary("+966500000108");
        mvc.perform(post("/console/walkins").param("kind", "WALK_IN").param("phone", "0500000108")
                .param("nationalId", "1055555555").param("summary", "حضر للاستفسار عن موعد صرف المساعدة")
                .with(as("o10", Role.OFFICER)).with(csrf())).andExpect(status().is3xxRedirection());
        Message visit = queries.historyOf(beneficiaryId).stream().filter(m -> m.channel() == ChannelType.WALK_IN)
                .findFirst().orElseThrow();
        assertThat(visit.text()).contains("موعد صرف");
        await().until(() -> conversations.message(visit.id()).orElseThrow().handledAt() != null);
        assertThat(conversations.messages(visit.conversationId())).hasSize(1);

        // next time the national ID alone finds them, on another kind of contact
        mvc.perform(post("/console/walkins").param("kind", "LETTER").param("nationalId", "1055555555")
                .param("summary", "خطاب من المدرسة").with(as("o10", Role.OFFICER)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(queries.historyOf(beneficiaryId)).extracting(Message::channel).contains(ChannelType.LETTER);
        mvc.perform(post("/console/walkins").param("kind", "WEBCHAT").param("summary", "x")
                .with(as("o10", Role.OFFICER)).with(csrf())).andExpect(status().isBadRequest());
        mvc.perform(post("/console/walkins").param("kind", "WALK_IN").param("summary", "x")
                .with(as("r10", Role.RESEARCHER)).with(csrf())).andExpect(status().isForbidden());
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static RequestPostProcessor as(String username, Role... roles) {
        return SecurityMockMvcRequestPostProcessors.user(username)
                .roles(java.util.Arrays.stream(roles).map(Enum::name).toArray(String[]::new));
    }

    private String account(Role role) {
        String name = role.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        staff.create(name, null, "right-password-1", Set.of(role), false);
        return name;
    }

    /** A beneficiary who wrote once on WhatsApp (with a phone) or the web chat (without). */
    private String newBeneficiary(String phone) {
        InboundMessage first = phone == null
                ? new InboundMessage(ChannelType.WEBCHAT, "wc-" + UUID.randomUUID(),
                        new Sender("session-" + UUID.randomUUID(), "زائر", null, "ar"), "السلام عليكم",
                        null, null, null, null, null)
                : new InboundMessage(ChannelType.WHATSAPP, "wa-" + UUID.randomUUID(),
                        new Sender(phone, "أم محمد", phone, "ar"), "أريد التسجيل في برنامج الدعم",
                        null, null, null, null, null);
        return conversations.message(inbound.receive(first).messageId()).orElseThrow().beneficiaryId();
    }

    private String conversationOf(String beneficiaryId) {
        return queries.conversationsOf(beneficiaryId).get(0).id();
    }

    private Case request(String beneficiaryId, Map<String, String> fields) {
        return cases.open(new OpenCase(CaseType.SUPPORT_REQUEST, beneficiaryId, null, ChannelType.WHATSAPP, fields,
                false, null, null, null, "o3"));
    }

    private void assign(Case c, String to) throws Exception {
        mvc.perform(post("/console/cases/" + c.id() + "/assign").param("to", to).with(as("o3", Role.OFFICER))
                .with(csrf())).andExpect(status().is3xxRedirection());
    }

    private org.springframework.test.web.servlet.ResultActions move(Case c, CaseStage from, CaseStage to,
                                                                   RequestPostProcessor who) throws Exception {
        return mvc.perform(post("/console/cases/" + c.id() + "/move").param("from", from.name())
                .param("to", to.name()).with(who).with(csrf()));
    }

    private String body(org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
