package org.sila.association;

/** The languages beneficiary-facing text is written in; Arabic first. */
public enum Language {
    AR, EN;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
