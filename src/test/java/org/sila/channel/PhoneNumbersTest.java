package org.sila.channel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneNumbersTest {

    @ParameterizedTest
    @CsvSource({
            "0501234567, +966501234567",
            "+966 50 123 4567, +966501234567",
            "00966501234567, +966501234567",
            "٠٥٠١٢٣٤٥٦٧, +966501234567",
            "0912345678, +218912345678",
            "+218 91 234 5678, +218912345678",
            "+44 20 7946 0958, +442079460958"})
    void localAndInternationalFormsBecomeE164(String raw, String e164) {
        assertThat(PhoneNumbers.toE164(raw)).contains(e164);
    }

    @Test
    void whatIsNoPhoneNumberIsRefused() {
        assertThat(PhoneNumbers.toE164("12")).isEmpty();
        assertThat(PhoneNumbers.toE164("مرحبا")).isEmpty();
        assertThat(PhoneNumbers.toE164(null)).isEmpty();
    }
}
