package org.sila.console;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.sila.staff.Role;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** What the console's MockMvc tests do again and again: act as a staff member, read a page that must load. */
final class ConsoleRequests {

    private ConsoleRequests() {
    }

    static RequestPostProcessor as(String username, Role... roles) {
        return SecurityMockMvcRequestPostProcessors.user(username)
                .roles(Arrays.stream(roles).map(Enum::name).toArray(String[]::new));
    }

    static String body(MockMvc mvc, RequestBuilder request) throws Exception {
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }
}
