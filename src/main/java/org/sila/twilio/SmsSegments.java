package org.sila.twilio;

/**
 * How many SMS parts a text takes. Any character outside the GSM 03.38 alphabet (all of Arabic) makes the whole
 * message UCS-2: 70 UTF-16 units in one part, 67 a part when concatenated. GSM-7 texts take 160 / 153 septets,
 * the extension characters ({@code ^{}\[~]|€}) two each.
 */
record SmsSegments(String encoding, int units, int segments) {

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "\f^{}\\[~]|€";

    static SmsSegments of(String text) {
        int septets = 0;
        boolean gsm = true;
        for (int i = 0; i < text.length() && gsm; i++) {
            char c = text.charAt(i);
            if (GSM_BASIC.indexOf(c) >= 0) {
                septets++;
            } else if (GSM_EXTENSION.indexOf(c) >= 0) {
                septets += 2;
            } else {
                gsm = false;
            }
        }
        if (gsm) {
            return new SmsSegments("GSM-7", septets, parts(septets, 160, 153));
        }
        int units = text.length();
        return new SmsSegments("UCS-2", units, parts(units, 70, 67));
    }

    private static int parts(int units, int single, int concatenated) {
        if (units <= single) {
            return 1;
        }
        return (units + concatenated - 1) / concatenated;
    }
}
