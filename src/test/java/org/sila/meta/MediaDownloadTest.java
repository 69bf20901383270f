package org.sila.meta;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A webhook's attachment URL is fetched only from Meta's media hosts, never from this machine or its network,
 * and a redirect does not lead elsewhere. The fake Graph API on this machine plays the internal service an attacker
 * would aim the hub at.
 */
class MediaDownloadTest {

    private static final String INTERNAL = "/internal/secret-" + System.nanoTime();

    static {
        MetaTestSupport.GRAPH.stubFor(get(INTERNAL).willReturn(aResponse().withStatus(200).withBody("secret")));
        MetaTestSupport.GRAPH.stubFor(get("/files/moved.jpg").willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://127.0.0.1:" + MetaTestSupport.GRAPH.port() + INTERNAL)));
    }

    @Test
    void anAddressOnThisMachineIsNotFetchedInProductionSettings() {
        // even with the loopback address listed as a media host, production settings refuse it
        var download = client(List.of("127.0.0.1", "localhost"), false)
                .download("https://127.0.0.1:" + MetaTestSupport.GRAPH.port() + INTERNAL, 1000);
        assertThat(download).isInstanceOfSatisfying(GraphApiClient.Download.Failed.class,
                f -> assertThat(f.reason()).contains("local or private address"));
        assertThat(client(List.of("fbcdn.net"), false).download("http://scontent.xx.fbcdn.net/x.jpg", 1000))
                .isInstanceOfSatisfying(GraphApiClient.Download.Failed.class,
                        f -> assertThat(f.reason()).contains("https"));
        assertThat(MetaTestSupport.GRAPH.findAll(getRequestedFor(urlPathEqualTo(INTERNAL)))).isEmpty();
    }

    @Test
    void aHostThatIsNotMetasIsNotFetched() {
        var download = client(List.of("fbcdn.net", "cdninstagram.com"), true)
                .download(MetaTestSupport.GRAPH.baseUrl() + INTERNAL, 1000);
        assertThat(download).isInstanceOfSatisfying(GraphApiClient.Download.Failed.class,
                f -> assertThat(f.reason()).contains("not one of Meta's media hosts"));
        assertThat(client(List.of("fbcdn.net"), true).download("https://evil-fbcdn.net/x.jpg", 1000))
                .isInstanceOf(GraphApiClient.Download.Failed.class);
        assertThat(MetaTestSupport.GRAPH.findAll(getRequestedFor(urlPathEqualTo(INTERNAL)))).isEmpty();
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowed() {
        var download = client(List.of("localhost"), true).download(MetaTestSupport.GRAPH.baseUrl() + "/files/moved.jpg",
                1000);
        assertThat(download).isInstanceOfSatisfying(GraphApiClient.Download.Failed.class,
                f -> assertThat(f.reason()).contains("not one of Meta's media hosts: 127.0.0.1"));
        assertThat(MetaTestSupport.GRAPH.findAll(getRequestedFor(urlPathEqualTo(INTERNAL)))).isEmpty();
        // from an allowed host it is fetched
        assertThat(client(List.of("localhost"), true).download(MetaTestSupport.GRAPH.baseUrl() + "/files/id-card.jpg",
                5000)).isInstanceOf(GraphApiClient.Download.Fetched.class);
    }

    private static GraphApiClient client(List<String> mediaHosts, boolean allowLocalMedia) {
        var properties = new MetaProperties(MetaTestSupport.APP_SECRET, null, MetaTestSupport.PAGE_TOKEN,
                MetaTestSupport.GRAPH.baseUrl(), "v25.0", 5000, 65536, null, false, Duration.ofSeconds(5),
                mediaHosts, allowLocalMedia);
        return new GraphApiClient(properties, new MetaSignature(MetaTestSupport.APP_SECRET),
                JsonMapper.builder().build());
    }
}
