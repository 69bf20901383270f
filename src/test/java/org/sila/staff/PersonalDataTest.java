package org.sila.staff;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** National ID numbers are masked however a beneficiary writes them; phone numbers and dates are not IDs. */
class PersonalDataTest {

    private static final StaffMember MANAGER = StaffMember.of("m", Role.MANAGER);
    private static final StaffMember OFFICER = StaffMember.of("o", Role.OFFICER);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "هويتي 1023456789 شكراً      | هويتي ••••••••89 شكراً",
            "هويتي ١٠٢٣٤٥٦٧٨٩            | هويتي ••••••••٨٩",
            "هويتي ۱۰۲۳۴۵۶۷۸۹            | هويتي ••••••••۸۹",
            "رقمي 1023 456 789           | رقمي ••••••••••89",
            "رقمي 1-023-456-789          | رقمي •••••••••••89",
            "رقمي ۲۰۲۳-۴۵۶-۷۸۹ فقط       | رقمي ••••••••••۸۹ فقط",
            "الرقم الوطني 119876543210   | الرقم الوطني ••••••••••10",
            "جوالي 0551234567            | جوالي 0551234567",
            "+966 512345678              | +966 512345678",
            "966512345678                | 966512345678",
            "12345678901234              | 12345678901234",
            "موعدي 2026-01-15            | موعدي 2026-01-15"})
    void idNumbersAreMaskedInEveryWayOfWritingThem(String text, String masked) {
        assertThat(PersonalData.maskIdNumbers(text)).isEqualTo(masked);
        assertThat(PersonalData.maskIdNumbers(MANAGER, text)).isEqualTo(masked);
        assertThat(PersonalData.maskIdNumbers(OFFICER, text)).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "summary      | يطلب مساعدة، هويته 1023456789 | يطلب مساعدة، هويته ••••••••89",
            "nationalId   | 1023456789                    | ••••••••89",
            "income       | 3200                          | ••••"})
    void aCaseFieldIsShownToTheManagerMaskedByWhatItHolds(String field, String value, String shown) {
        assertThat(PersonalData.show(MANAGER, field, value)).isEqualTo(shown);
    }
}
