package org.sila.channel;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedContentTest {

    @Test
    void everyKindComesBackFromTheMetadataItIsStoredIn() {
        List<SharedContent> all = List.of(
                new SharedContent.Location(24.7136, 46.6753, "مقر الجمعية", "King Fahd Rd"),
                new SharedContent.Location(55.69, 37.62, null, null),
                new SharedContent.ContactCard("سالم", "+218912345678", true),
                new SharedContent.Sticker("👍"), new SharedContent.Sticker(null),
                new SharedContent.Dice("🎲", 4), new SharedContent.Share("story_mention", "https://x.example/s"),
                new SharedContent.Unsupported());
        for (SharedContent content : all) {
            assertThat(content.toMetadata().keySet()).allSatisfy(key -> assertThat(key).doesNotContain("."));
            assertThat(SharedContent.of(content.toMetadata())).contains(content);
        }
        assertThat(SharedContent.of(Map.of("subject", "x"))).isEmpty();
        assertThat(SharedContent.of(Map.of("content", "location", "contentLatitude", "north"))).isEmpty();
    }

    @Test
    void theRulesRefuseWhatNoProviderSendsAndNothingElse() {
        Sender someone = Sender.of("+966501000101");
        String longest = "😀".repeat(InboundRules.MAX_TEXT_CHARS); // code points, not UTF-16 units, are counted
        assertThat(InboundRules.check(InboundMessage.text(ChannelType.WHATSAPP, "1", someone, longest))).isNotNull();
        assertThatThrownBy(() -> InboundRules.check(InboundMessage.text(ChannelType.SMS, "2", someone, longest + "ا")))
                .isInstanceOf(InboundRules.Refused.class);
        assertThatThrownBy(() -> InboundRules.check(InboundMessage.text(ChannelType.SMS, "3", Sender.of(" "), "hi")))
                .isInstanceOf(InboundRules.Refused.class);
        // A mail's text is the mail's, however long.
        assertThat(InboundRules.check(InboundMessage.text(ChannelType.EMAIL, "4", Sender.of("a@b.sa"), longest + "ا")))
                .isNotNull();
    }
}
