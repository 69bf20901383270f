package org.sila.webchat;


import org.junit.jupiter.api.Test;
import org.sila.console.ConsoleTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sila.WebChatClient.JSON;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Web chat limits per client address as well as per session, and caps on live streams, each answered with a 429
 * and {@code Retry-After}. Each test is its own client address (as the TLS proxy reports it).
 */
@ConsoleTest
class WebChatLimitsTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    WebChatProperties properties;

    @Test
    void oneClientCannotOpenSessionsWithoutLimit() throws Exception {
        RequestPostProcessor client = from("203.0.113.10");
        MockHttpServletResponse refused = null;
        for (int i = 0; i < properties.sessionBurst() + 50 && refused == null; i++) {
            MockHttpServletResponse response = mvc.perform(post("/api/webchat/sessions").with(client)
                    .contentType(MediaType.APPLICATION_JSON).content("{}")).andReturn().getResponse();
            if (response.getStatus() == 429) {
                refused = response;
            } else {
                assertThat(response.getStatus()).isEqualTo(201);
            }
        }
        assertThat(refused).as("a 429 after the burst").isNotNull();
        assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isPositive();
        assertThat(JSON.readTree(refused.getContentAsString()).path("error").asString()).contains("wait");
        // another client is not held back by this one
        assertThat(mvc.perform(post("/api/webchat/sessions").with(from("203.0.113.11"))
                .contentType(MediaType.APPLICATION_JSON).content("{}")).andReturn().getResponse().getStatus())
                .isEqualTo(201);
    }

    @Test
    void manySessionsOfOneClientShareItsMessageLimit() throws Exception {
        RequestPostProcessor client = from("203.0.113.20");
        int perSession = properties.burst();
        int sessions = properties.clientBurst() / perSession + 10;
        boolean refused = false;
        for (int s = 0; s < sessions && !refused; s++) {
            Session session = session(client);
            for (int i = 0; i < perSession && !refused; i++) {
                // an empty text costs nothing to store, but counts against the limits like any post
                MockHttpServletResponse response = mvc.perform(session.post("{}").with(client))
                        .andReturn().getResponse();
                refused = response.getStatus() == 429;
                if (refused) {
                    assertThat(response.getHeader("Retry-After")).isNotBlank();
                    assertThat(response.getContentAsString()).contains("network");
                } else {
                    assertThat(response.getStatus()).isEqualTo(400);
                }
            }
        }
        assertThat(refused).as("the client's limit is reached though no session reached its own").isTrue();
    }

    @Test
    void oneSessionHoldsOnlyAFewLiveStreams() throws Exception {
        RequestPostProcessor client = from("203.0.113.30");
        Session session = session(client);
        for (int i = 0; i < properties.streamsPerSession(); i++) {
            assertThat(mvc.perform(session.stream().with(client)).andReturn().getRequest().isAsyncStarted()).isTrue();
        }
        MockHttpServletResponse refused = mvc.perform(session.stream().with(client)).andReturn().getResponse();
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isNotBlank();
        // another session of the same visitor still gets one
        assertThat(mvc.perform(session(client).stream().with(client)).andReturn().getRequest().isAsyncStarted())
                .isTrue();
    }

    private record Session(String id, String token) {
        MockHttpServletRequestBuilder post(String json) {
            return org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                    .post("/api/webchat/sessions/" + id + "/messages").header("Authorization", "Bearer " + token)
                    .contentType(MediaType.APPLICATION_JSON).content(json);
        }

        MockHttpServletRequestBuilder stream() {
            return get("/api/webchat/sessions/" + id + "/stream").header("Authorization", "Bearer " + token)
                    .accept(MediaType.TEXT_EVENT_STREAM);
        }
    }

    private Session session(RequestPostProcessor client) throws Exception {
        var created = JSON.readTree(mvc.perform(post("/api/webchat/sessions").with(client)
                .contentType(MediaType.APPLICATION_JSON).content("{}")).andReturn().getResponse().getContentAsString());
        return new Session(created.get("sessionId").asString(), created.get("token").asString());
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }
}
