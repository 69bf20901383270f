package org.sila.console;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.sila.channel.Attachment;
import org.sila.channel.ChannelType;
import org.sila.channel.InboundGateway;
import org.sila.channel.InboundMessage;
import org.sila.channel.Sender;
import org.sila.channel.SharedContent;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Message;
import org.sila.staff.Role;
import org.sila.staff.StaffDirectory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** What a beneficiary sent besides text, as staff see it: the place, the contact card, the files to download. */
@ConsoleTest
class ConsoleContentTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    InboundGateway inbound;
    @Autowired
    ConversationService conversations;
    @Autowired
    StaffDirectory staff;

    @Test
    void thePlaceAndTheFilesABeneficiarySentAreShownAndTheFileDownloadsOnlyFromTheirConversation()
            throws Exception {
        String officer = "officer-" + UUID.randomUUID().toString().substring(0, 8);
        staff.create(officer, null, "right-password-1", Set.of(Role.OFFICER), false);
        Map<String, String> place = new HashMap<>(
                new SharedContent.Location(24.7136, 46.6753, "مقر الجمعية", "طريق الملك فهد").toMetadata());
        byte[] pdf = "%PDF-1.4 <script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
        Message in = send(new InboundMessage(ChannelType.WHATSAPP, "wa-" + UUID.randomUUID(),
                new Sender("+966551000777", "سارة", "+966551000777", "ar"), "", List.of(
                new Attachment("هوية.pdf", "application/pdf", pdf)), null, null, null, place));
        Message other = send(InboundMessage.text(ChannelType.WEBCHAT, "wc-" + UUID.randomUUID(),
                Sender.of("session-" + UUID.randomUUID()), "مرحبا"));
        var as = SecurityMockMvcRequestPostProcessors.user(officer).roles(Role.OFFICER.name());

        String page = mvc.perform(get("/console/conversations/" + in.conversationId()).with(as))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("data-kind=\"location\"", "مقر الجمعية", "طريق الملك فهد",
                "https://www.openstreetmap.org/?mlat=24.7136&amp;mlon=46.6753", "هوية.pdf");

        String file = in.attachments().get(0).id();
        var download = mvc.perform(get("/console/conversations/" + in.conversationId() + "/attachments/" + file)
                        .with(as)).andExpect(status().isOk())
                .andExpect(header().string("X-Content-Type-Options", "nosniff")).andReturn().getResponse();
        assertThat(download.getContentAsByteArray()).isEqualTo(pdf);
        assertThat(download.getContentType()).isEqualTo("application/octet-stream"); // never rendered
        assertThat(download.getHeader("Content-Disposition")).startsWith("attachment");
        // Through another beneficiary's conversation the file is not there.
        mvc.perform(get("/console/conversations/" + other.conversationId() + "/attachments/" + file).with(as))
                .andExpect(status().isNotFound());
    }

    private Message send(InboundMessage message) {
        inbound.receive(message);
        return conversations.findByExternalId(message.channel(), message.externalId());
    }
}
