package org.sila.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.sila.WebChatClient;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.InboundGateway;
import org.sila.channel.InboundMessage;
import org.sila.channel.Sender;
import org.sila.conversation.ConversationQueries;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Message;
import org.sila.staff.Role;
import org.sila.staff.StaffDirectory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sila.console.ConsoleRequests.as;
import static org.sila.console.ConsoleRequests.body;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A staff member attaches a file to a reply in the console (a multipart form with its CSRF token): it is stored
 * with the reply and goes out; on the web chat as a link only the visitor's own session opens; a file the channel
 * refuses leaves the reply failed with the reason on the conversation page.
 */
@ConsoleTest
class ConsoleFilesTest {

    private static final byte[] LETTER = "%PDF-1.4 خطاب القرار".getBytes(StandardCharsets.UTF_8);

    @Autowired
    MockMvc mvc;
    @Autowired
    ConversationService conversations;
    @Autowired
    ConversationQueries queries;
    @Autowired
    StaffDirectory staff;
    @Autowired
    InboundGateway inbound;
    @LocalServerPort
    int port;

    @Test
    void aFileAttachedInTheConsoleReachesTheVisitorsWidgetAndOpensWithTheirSessionOnly() throws Exception {
        String officer = officer();
        WebChatClient visitor = new WebChatClient(port);
        WebChatClient stranger = new WebChatClient(port);
        visitor.post("السلام عليكم، أين خطاب القرار؟");
        String conversationId = await().until(() -> conversations.identity(ChannelType.WEBCHAT, visitor.sessionId)
                .map(i -> queries.conversationsOf(i.beneficiaryId()).get(0).id()).orElse(null), id -> id != null);

        mvc.perform(multipart("/console/conversations/" + conversationId + "/reply")
                        .file(new MockMultipartFile("files", "خطاب القرار.pdf", "application/pdf", LETTER))
                        .param("text", "مرفق خطاب القرار").with(as(officer, Role.OFFICER)).with(csrf()))
                .andExpect(status().is3xxRedirection());

        Message reply = await().until(() -> staffReply(conversationId, "مرفق خطاب القرار"),
                m -> m != null && m.status() != DeliveryStatus.QUEUED);
        assertThat(reply.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("خطاب القرار.pdf");
            assertThat(a.contentType()).isEqualTo("application/pdf");
            assertThat(a.size()).isEqualTo(LETTER.length);
        });
        JsonNode shown = visitor.messages().stream().filter(m -> reply.id().equals(m.get("id").asString()))
                .findFirst().orElseThrow();
        JsonNode file = shown.get("files").get(0);
        assertThat(file.get("name").asString()).isEqualTo("خطاب القرار.pdf");
        String url = file.get("url").asString();

        HttpResponse<byte[]> own = fetch(url, visitor.token);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).isEqualTo(LETTER);
        assertThat(own.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(fetch(url, null).statusCode()).isEqualTo(401);
        assertThat(fetch(url, stranger.token).statusCode()).isEqualTo(401); // the visitor's path, another's token
        assertThat(fetch(url.replace(visitor.sessionId, stranger.sessionId), stranger.token).statusCode())
                .isEqualTo(404); // another session asking for it as its own
        assertThat(fetch(url.replaceAll("/0$", "/1"), visitor.token).statusCode()).isEqualTo(404);
    }

    @Test
    void withoutTheCsrfTokenTheUploadIsRefusedAndNothingIsStored() throws Exception {
        String officer = officer();
        String conversationId = whatsAppConversation();
        int before = conversations.messages(conversationId).size();
        mvc.perform(multipart("/console/conversations/" + conversationId + "/reply")
                        .file(new MockMultipartFile("files", "letter.pdf", "application/pdf", LETTER))
                        .param("text", "بلا رمز").with(as(officer, Role.OFFICER)))
                .andExpect(status().isForbidden());
        assertThat(conversations.messages(conversationId)).hasSize(before);
    }

    @Test
    void aFileTheChannelRefusesLeavesTheReplyFailedWithTheReasonOnTheConversationPage() throws Exception {
        String officer = officer();
        String conversationId = whatsAppConversation(); // the fake WhatsApp refuses: its window is closed
        mvc.perform(multipart("/console/conversations/" + conversationId + "/reply")
                        .file(new MockMultipartFile("files", "slip.png", "image/png", new byte[] {1, 2, 3}))
                        .with(as(officer, Role.OFFICER)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        Message failed = await().until(() -> conversations.messages(conversationId).stream()
                .filter(m -> !m.attachments().isEmpty()).findFirst().orElse(null),
                m -> m != null && m.status() == DeliveryStatus.FAILED);
        assertThat(failed.text()).isEmpty();
        String page = body(mvc, get("/console/conversations/" + conversationId + "/history")
                .with(as(officer, Role.OFFICER)));
        assertThat(page).contains("slip.png", "OUTSIDE_WINDOW", "More than 24 hours");
    }

    private Message staffReply(String conversationId, String text) {
        return conversations.messages(conversationId).stream().filter(m -> text.equals(m.text())).findFirst()
                .orElse(null);
    }

    private String whatsAppConversation() {
        String phone = "+9665" + (10_000_000 + (int) (Math.random() * 89_999_999));
        var receipt = inbound.receive(new InboundMessage(ChannelType.WHATSAPP, "wa-" + UUID.randomUUID(),
                new Sender(phone, "أم محمد", phone, "ar"), "أريد خطاب القرار", null, null, null, null, null));
        // Settled before the test counts or looks: the bot's answer to this message is stored.
        return await().until(() -> conversations.message(receipt.messageId()).orElseThrow(),
                m -> m.handledAt() != null).conversationId();
    }

    private String officer() {
        String name = "officer-" + UUID.randomUUID().toString().substring(0, 8);
        staff.create(name, null, "right-password-1", Set.of(Role.OFFICER), false);
        return name;
    }

    private HttpResponse<byte[]> fetch(String url, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
