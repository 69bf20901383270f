package org.sila.console.internal;

import org.sila.casework.CaseAccess;
import org.sila.conversation.Conversation;
import org.sila.staff.Role;
import org.sila.staff.StaffAccount;
import org.sila.staff.StaffMember;
import org.springframework.stereotype.Component;

/**
 * Who may see and work which conversation and beneficiary file: the one place the console's controllers ask (the
 * table is in the README). Officers and the manager see every conversation; a researcher those assigned to them
 * and those of a beneficiary whose open case they research; nobody the conversations of someone who complained
 * about them. Only officers and researchers reply, note, assign and resolve, and only where they may see.
 */
@Component
class ConversationAccess {

    private final CaseAccess cases;

    ConversationAccess(CaseAccess cases) {
        this.cases = cases;
    }

    boolean maySee(Conversation c, StaffMember who) {
        if (cases.complainedAbout(who, c.beneficiaryId(), c.id())) {
            return false;
        }
        return who.hasAny(Role.OFFICER, Role.MANAGER)
                || who.has(Role.RESEARCHER) && (who.username().equals(c.assignee())
                        || cases.researchesFor(who, c.beneficiaryId()));
    }

    void checkSee(Conversation c, StaffMember who) {
        if (!maySee(c, who)) {
            throw new ConsoleAdvice.Forbidden("This conversation is not part of your work");
        }
    }

    /** Reply, note, take over, hand back, transfer, resolve. */
    void checkWork(Conversation c, StaffMember who) {
        if (!who.hasAny(Role.OFFICER, Role.RESEARCHER)) {
            throw new ConsoleAdvice.Forbidden("Only officers and researchers work conversations");
        }
        checkSee(c, who);
    }

    /** A conversation goes only to someone who does casework and may see it. */
    void checkAssignee(Conversation c, StaffAccount to) {
        StaffMember assignee = new StaffMember(to.username(), to.roles());
        if (!to.active() || to.roles().stream().noneMatch(CaseAccess.CASEWORK::contains)
                || cases.complainedAbout(assignee, c.beneficiaryId(), c.id())) {
            throw new ConsoleAdvice.Forbidden("A conversation goes to an active officer or researcher, never to"
                    + " someone the beneficiary complained about");
        }
    }

    /**
     * The inbox's assignee filter for {@code who}: officers and the manager choose (null: everyone's); a
     * researcher's inbox holds only what is assigned to them.
     */
    String inboxAssignee(StaffMember who, boolean mine) {
        return mine || !who.hasAny(Role.OFFICER, Role.MANAGER) ? who.username() : null;
    }

    /** Who has an inbox at all: the administrator and the committee do not read conversations. */
    boolean seesInbox(StaffMember who) {
        return who.hasAny(Role.OFFICER, Role.MANAGER, Role.RESEARCHER);
    }

    /** For a list already narrowed by {@link #inboxAssignee}: drops what complained about {@code who}. */
    java.util.function.Predicate<Conversation> inboxRowFilter(StaffMember who) {
        CaseAccess.ComplaintsAbout about = cases.complaintsAbout(who);
        return c -> !about.cover(c.beneficiaryId(), c.id());
    }

    /**
     * A beneficiary's file: officers, the manager and the administrator (who answers export and erasure
     * requests), and the researcher of one of their open cases; never someone they complained about.
     */
    void checkFile(String beneficiaryId, StaffMember who) {
        boolean may = !cases.complainedAbout(who, beneficiaryId, null)
                && (who.hasAny(Role.OFFICER, Role.MANAGER, Role.ADMIN) || cases.researchesFor(who, beneficiaryId));
        if (!may) {
            throw new ConsoleAdvice.Forbidden("This beneficiary's file is not part of your work");
        }
    }
}
