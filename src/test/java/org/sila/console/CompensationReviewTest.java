package org.sila.console;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.sila.casework.Case;
import org.sila.casework.CaseService;
import org.sila.casework.CaseStage;
import org.sila.casework.CaseType;
import org.sila.casework.CompensationReview;
import org.sila.casework.Compensations;
import org.sila.casework.OpenCase;
import org.sila.channel.ChannelType;
import org.sila.channel.InboundGateway;
import org.sila.channel.InboundMessage;
import org.sila.channel.Sender;
import org.sila.conversation.ConversationQueries;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Message;
import org.sila.staff.Role;
import org.sila.staff.StaffDirectory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sila.console.ConsoleRequests.as;
import static org.sila.console.ConsoleRequests.body;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A compensation claim under the policy's conditions (seed 004): the committee records each condition with its
 * evidence, the decision follows from them, and the beneficiary is told the outcome and why, in their language.
 */
@ConsoleTest
class CompensationReviewTest {

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
    Compensations compensations;
    @Autowired
    StaffDirectory staff;

    @Test
    void everyConditionMetGrantsTheClaimOnTheTermsAgreedAndTheBeneficiaryIsToldThem() throws Exception {
        String beneficiary = beneficiary("ar", "تأخر تسليم أدوات الورشة");
        Case claim = claim(beneficiary);
        RequestPostProcessor committee = as(account(Role.COMMITTEE), Role.COMMITTEE);

        finding(claim, "BREACH_OF_OBLIGATION", true, null, "عقد التدريب بند 4", null, committee)
                .andExpect(status().isConflict()); // not under investigation yet
        mvc.perform(post("/console/cases/" + claim.id() + "/move").param("from", "RECEIVED")
                .param("to", "INVESTIGATING").with(as("o-comp", Role.OFFICER)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        finding(claim, "SETTLED_BY_NEGOTIATION", true, null, "محضر تفاوض", "500 ريال", committee)
                .andExpect(status().isConflict()); // nothing to negotiate before liability
        finding(claim, "BREACH_OF_OBLIGATION", true, null, "عقد التدريب بند 4", null, as("o-comp", Role.OFFICER))
                .andExpect(status().isForbidden());
        finding(claim, "BREACH_OF_OBLIGATION", true, null, " ", null, committee).andExpect(status().isConflict());
        finding(claim, "BREACH_OF_OBLIGATION", true, null, "عقد التدريب بند 4: التسليم خلال أسبوع", null, committee)
                .andExpect(status().is3xxRedirection());
        finding(claim, "DIRECT_CAUSE", true, null, "تقرير المشرف: الخطأ من مستودع الجمعية", null, committee)
                .andExpect(status().is3xxRedirection());
        finding(claim, "PROVEN", true, null, "خطاب المدير", null, committee).andExpect(status().isConflict());
        finding(claim, "PROVEN", true, "ACKNOWLEDGEMENT", "خطاب المدير رقم 77 يقر بالتأخير", null, committee)
                .andExpect(status().is3xxRedirection());
        assertThat(compensations.review(claim.id()).outcome().result()).isEqualTo(CompensationReview.Result.PENDING);
        mvc.perform(post("/console/cases/" + claim.id() + "/compensation/decision").with(committee).with(csrf()))
                .andExpect(status().isConflict()); // the settlement is still open
        finding(claim, "SETTLED_BY_NEGOTIATION", true, null, "محضر التفاوض الموقع", " ", committee)
                .andExpect(status().isConflict()); // terms are required
        finding(claim, "SETTLED_BY_NEGOTIATION", true, null, "محضر التفاوض الموقع",
                "صرف 500 ريال وأدوات بديلة، بشيك لصاحب الهوية 1023456789", committee)
                .andExpect(status().is3xxRedirection());
        // The terms are free text: an ID in them is masked for the manager like in every other free-text field.
        assertThat(body(mvc, get("/console/cases/" + claim.id()).with(as("m-comp", Role.MANAGER))))
                .contains("صرف 500 ريال", "••••••••89").doesNotContain("1023456789");

        String page = body(mvc, get("/console/cases/" + claim.id()).with(committee));
        assertThat(page).contains("data-result=\"GRANTED\"", "خطاب المدير رقم 77 يقر بالتأخير", "بإقرار من الجمعية",
                "id=\"compensation-decide\"");
        mvc.perform(post("/console/cases/" + claim.id() + "/compensation/decision").with(as("o-comp", Role.OFFICER))
                .with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/console/cases/" + claim.id() + "/compensation/decision").with(committee).with(csrf()))
                .andExpect(status().is3xxRedirection());

        Case decided = cases.byId(claim.id()).orElseThrow();
        assertThat(decided.stage()).isEqualTo(CaseStage.RESOLVED);
        assertThat(compensations.review(claim.id()).decision().result()).isEqualTo(CompensationReview.Result.GRANTED);
        await().untilAsserted(() -> assertThat(notifications(beneficiary)).anySatisfy(text ->
                assertThat(text).contains(claim.reference(), "تحققت شروط التعويض", "صرف 500 ريال وأدوات بديلة")));
        assertThat(notifications(beneficiary)).noneMatch(text -> text.contains("تمت معالجتها")); // told once, with why
        // decided once: no second decision, no change of findings
        mvc.perform(post("/console/cases/" + claim.id() + "/compensation/decision").with(committee).with(csrf()))
                .andExpect(status().isConflict());
        assertThat(body(mvc, get("/console/cases/" + claim.id()).with(committee))).doesNotContain("compensation-decide",
                "finding-form");
    }

    @Test
    void aConditionFoundUnmetRefusesTheClaimAndTheBeneficiaryIsToldWhichInTheirLanguage() throws Exception {
        String beneficiary = beneficiary("en", "My workshop tools were delivered broken");
        Case claim = claim(beneficiary);
        String member = account(Role.COMMITTEE);
        mvc.perform(post("/console/cases/" + claim.id() + "/move").param("from", "RECEIVED")
                .param("to", "INVESTIGATING").with(as("o-comp", Role.OFFICER)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        finding(claim, "DIRECT_CAUSE", true, null, "delivery note signed by our storekeeper", null,
                as(member, Role.COMMITTEE)).andExpect(status().is3xxRedirection());
        finding(claim, "PROVEN", false, null, "no acknowledgement given, no judgement issued", null,
                as(member, Role.COMMITTEE)).andExpect(status().is3xxRedirection());
        assertThat(compensations.review(claim.id()).outcome()).satisfies(o -> {
            assertThat(o.result()).isEqualTo(CompensationReview.Result.REFUSED);
            assertThat(o.unmet()).containsExactly(org.sila.casework.CompensationCondition.PROVEN);
        });
        mvc.perform(post("/console/cases/" + claim.id() + "/compensation/decision").with(as(member, Role.COMMITTEE))
                .with(csrf())).andExpect(status().is3xxRedirection());

        await().untilAsserted(() -> assertThat(notifications(beneficiary)).filteredOn(t -> t.contains("claim"))
                .singleElement().satisfies(text -> {
                    assertThat(text).contains(claim.reference(), "was not accepted",
                            "proven by the association's acknowledgement or a final judgement");
                    assertThat(text).doesNotContain("directly caused", "{");
                }));
        assertThat(notifications(beneficiary)).noneMatch(text -> text.contains("has been dealt with"));
        assertThat(cases.byId(claim.id()).orElseThrow().history()).last()
                .satisfies(h -> assertThat(h.note()).contains("REFUSED", "PROVEN"));

        // erased on request: the findings keep what was decided and on what kind of proof, not the evidence
        mvc.perform(post("/console/beneficiaries/" + beneficiary + "/erase").param("confirm", "ERASE")
                .with(as("admin-comp", Role.ADMIN)).with(csrf())).andExpect(status().is3xxRedirection());
        assertThat(compensations.review(claim.id())).satisfies(r -> {
            assertThat(r.findings().values()).allSatisfy(f -> assertThat(f.evidence()).isNull());
            assertThat(r.findings()).containsKeys(org.sila.casework.CompensationCondition.PROVEN);
            assertThat(r.decision().result()).isEqualTo(CompensationReview.Result.REFUSED);
        });
    }

    @Test
    void theCommitteeSeesClaimsButFindingsAreOnlyForClaimsAndKnownConditions() throws Exception {
        Case claim = claim(beneficiary("ar", "ضرر"));
        String member = account(Role.COMMITTEE);
        assertThat(body(mvc, get("/console/cases/" + claim.id()).with(as(member, Role.COMMITTEE))))
                .contains("id=\"compensation\"", "data-result=\"PENDING\"");
        assertThat(body(mvc, get("/console/cases").with(as(member, Role.COMMITTEE)))).contains(claim.reference());
        Case complaint = cases.open(new OpenCase(CaseType.COMPLAINT, null, null, ChannelType.WEBCHAT, Map.of(),
                true, null, null, null, "bot"));
        finding(complaint, "DIRECT_CAUSE", true, null, "x y", null, as(member, Role.COMMITTEE))
                .andExpect(status().isConflict());
        finding(claim, "SOMETHING_ELSE", true, null, "x y", null, as(member, Role.COMMITTEE))
                .andExpect(status().isBadRequest());
        assertThat(compensations.review(claim.id()).findings()).isEmpty();
        mvc.perform(post("/console/cases/" + claim.id() + "/move").param("from", "RECEIVED")
                .param("to", "INVESTIGATING").with(as("o-comp", Role.OFFICER)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        // the generic move cannot resolve a claim around the committee
        mvc.perform(post("/console/cases/" + claim.id() + "/move").param("from", "INVESTIGATING")
                .param("to", "RESOLVED").param("note", "تم").with(as("o-comp", Role.OFFICER)).with(csrf()))
                .andExpect(status().isConflict());
    }

    private ResultActions finding(Case c, String condition, boolean met, String proof, String evidence, String terms,
                                  RequestPostProcessor who) throws Exception {
        var request = post("/console/cases/" + c.id() + "/compensation/findings").param("condition", condition)
                .param("met", String.valueOf(met)).param("evidence", evidence).with(who).with(csrf());
        if (proof != null) {
            request.param("proof", proof);
        }
        if (terms != null) {
            request.param("terms", terms);
        }
        return mvc.perform(request);
    }

    private java.util.List<String> notifications(String beneficiaryId) {
        return queries.historyOf(beneficiaryId).stream().filter(Message::notification).map(Message::text).toList();
    }

    private Case claim(String beneficiaryId) {
        return cases.open(new OpenCase(CaseType.COMPENSATION, beneficiaryId, null, ChannelType.WEBCHAT,
                Map.of("text", "ضرر"), false, null, null, null, "bot"));
    }

    private String beneficiary(String language, String text) {
        return conversations.message(inbound.receive(new InboundMessage(ChannelType.WEBCHAT, "wc-" + UUID.randomUUID(),
                new Sender("session-" + UUID.randomUUID(), "Claimant", null, language), text, null, null, null, null,
                null)).messageId()).orElseThrow().beneficiaryId();
    }

    private String account(Role role) {
        String name = role.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        staff.create(name, null, "right-password-1", Set.of(role), false);
        return name;
    }
}
