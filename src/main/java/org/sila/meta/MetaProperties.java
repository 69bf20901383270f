package org.sila.meta;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Facebook Messenger and Instagram direct messages through one Facebook Page (Instagram's professional account
 * linked to it). The adapter is on only when {@code appSecret} and {@code pageAccessToken} are both set.
 *
 * @param appSecret          the Meta app's secret: checks webhook signatures and signs API calls; no default
 * @param verifyToken        the token typed into the app's webhook settings; the subscription check must match it
 * @param pageAccessToken    the Page's access token (pages_messaging, instagram_manage_messages); no default
 * @param apiUrl             the Graph API's base URL (a fake stands in for it in tests)
 * @param apiVersion         the Graph API version called
 * @param maxAttachmentBytes the largest file fetched into the store; larger ones are not downloaded
 * @param maxBodyBytes       the largest webhook body read
 * @param notificationTag    the message tag notifications carry outside the 24-hour window on Messenger
 *                           ({@code CONFIRMED_EVENT_UPDATE}, {@code ACCOUNT_UPDATE}, {@code POST_PURCHASE_UPDATE}),
 *                           only if the association's notifications fit that tag's allowed uses; blank: none
 * @param humanAgentTag      staff replies outside the 24-hour window (up to 7 days) carry {@code HUMAN_AGENT};
 *                           needs Meta's Human Agent permission for the app
 * @param timeout            connect and read timeout of every Graph API call
 * @param mediaHosts         the only hosts attachment files are fetched from (a name matches itself and its
 *                           subdomains): Meta's CDNs. Anything else in a webhook is a link, never fetched
 * @param allowLocalMedia    for a fake Graph API on this machine (tests): plain http and loopback or private
 *                           addresses allowed; off in production, where files come over https from public hosts
 */
@ConfigurationProperties("sila.meta")
record MetaProperties(
        String appSecret,
        String verifyToken,
        String pageAccessToken,
        @DefaultValue("https://graph.facebook.com") String apiUrl,
        @DefaultValue("v25.0") String apiVersion,
        @DefaultValue("10485760") long maxAttachmentBytes,
        @DefaultValue("1048576") int maxBodyBytes,
        String notificationTag,
        @DefaultValue("false") boolean humanAgentTag,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue({"fbcdn.net", "fbsbx.com", "cdninstagram.com", "facebook.com"}) List<String> mediaHosts,
        @DefaultValue("false") boolean allowLocalMedia) {

    MetaProperties {
        apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        notificationTag = notificationTag == null || notificationTag.isBlank() ? null : notificationTag.strip();
        mediaHosts = mediaHosts == null ? List.of() : mediaHosts.stream().map(h -> h.strip().toLowerCase(java.util.Locale.ROOT))
                .filter(h -> !h.isEmpty()).toList();
    }
}
