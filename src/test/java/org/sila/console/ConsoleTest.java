package org.sila.console;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.sila.HubTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The one context the console's tests share: the whole hub, MockMvc, and fake SMS/WhatsApp senders. The browser
 * leaves web chat streams open that the server only notices at the next heartbeat: stop without waiting for them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@HubTest
@AutoConfigureMockMvc
@Import(FakeSenders.class)
@TestPropertySource(properties = "server.shutdown=immediate")
public @interface ConsoleTest {
}
