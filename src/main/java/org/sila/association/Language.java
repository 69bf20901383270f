package org.sila.association;

/** The languages beneficiary-facing text is written in; Arabic first. */
public enum Language {
    AR, EN;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The language of a stored code ("en", "ar", a locale's language); anything else, or none, is Arabic. */
    public static Language of(String code) {
        return "en".equalsIgnoreCase(code) ? EN : AR;
    }
}
