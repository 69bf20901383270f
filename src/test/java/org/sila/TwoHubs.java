package org.sila;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two hub instances on one store, in one JVM, as the README's "two instances on one machine" runs them: instance
 * {@code a} opens its embedded store on a fixed port ({@code sila.store.port}), instance {@code b} uses it through
 * {@code spring.mongodb.uri}, and both share the web chat secret, so a visitor's token is good on either.
 */
public final class TwoHubs implements AutoCloseable {

    public final ConfigurableApplicationContext a;
    public final ConfigurableApplicationContext b;
    public final int storePort;

    private TwoHubs(ConfigurableApplicationContext a, ConfigurableApplicationContext b, int storePort) {
        this.a = a;
        this.b = b;
        this.storePort = storePort;
    }

    /** Starts A, then B; {@code shared} are arguments both get (for example a channel's settings). */
    public static TwoHubs start(String... shared) {
        int storePort = freePort();
        ConfigurableApplicationContext a = storeOwner(storePort, shared);
        try {
            ConfigurableApplicationContext b = run(shared, storeUser(storePort));
            return new TwoHubs(a, b, storePort);
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
    }

    /** Instance A, whose embedded store listens on {@code storePort}, in this JVM. */
    static ConfigurableApplicationContext storeOwner(int storePort, String... shared) {
        return run(shared, "--sila.store.port=" + storePort);
    }

    private static ConfigurableApplicationContext run(String[] shared, String store) {
        return new SpringApplicationBuilder(SilaApplication.class).profiles("test")
                .run(arguments(0, store, shared).toArray(String[]::new));
    }

    /**
     * What an instance is started with. Arguments, not default properties: they must win over the test profile.
     *
     * @param store {@code --sila.store.port=…} for A, {@code --spring.mongodb.uri=…} for B ({@link #storeUser})
     */
    static List<String> arguments(int serverPort, String store, String... shared) {
        List<String> args = new ArrayList<>(List.of("--server.port=" + serverPort, store,
                "--sila.webchat.token-secret=two-hubs-share-this-secret"));
        args.addAll(List.of(shared));
        return args;
    }

    /** The argument that makes an instance use A's store. */
    static String storeUser(int storePort) {
        return "--spring.mongodb.uri=mongodb://127.0.0.1:" + storePort + "/sila";
    }

    public int portA() {
        return port(a);
    }

    public int portB() {
        return port(b);
    }

    public static int port(ConfigurableApplicationContext hub) {
        return ((WebServerApplicationContext) hub).getWebServer().getPort();
    }

    /** B first: it is the one using A's store. */
    @Override
    public void close() {
        try {
            b.close();
        } finally {
            a.close();
        }
    }

    static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
