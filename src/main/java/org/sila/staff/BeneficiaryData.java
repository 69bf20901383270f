package org.sila.staff;

import java.util.List;

/**
 * What one module keeps about a beneficiary, for data-protection requests: each module that stores something
 * about them (or about their conversations) implements this, and the export and the erasure walk them all, so a
 * new store cannot be forgotten by one of the two.
 */
public interface BeneficiaryData {

    /** The beneficiary and their conversations (ids read before anything is erased). */
    record Subject(String beneficiaryId, List<String> conversationIds) {
    }

    /** The export's key for this module's part, e.g. {@code surveys}. */
    String section();

    /** Everything this module holds about them, as JSON-ready values (records, maps, lists). */
    Object export(Subject subject);

    /**
     * Erases what identifies them or what they said, keeping only what the audit needs (ids, references, stages,
     * scores counted in reports).
     *
     * @return how many records were erased or emptied, for the audit entry
     */
    long erase(Subject subject);
}
