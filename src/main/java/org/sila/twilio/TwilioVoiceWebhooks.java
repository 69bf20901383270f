package org.sila.twilio;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Record;
import com.twilio.twiml.voice.Say;
import jakarta.servlet.http.HttpServletRequest;
import org.sila.channel.Attachment;
import org.sila.channel.AssociationFacts;
import org.sila.channel.ChannelType;
import org.sila.channel.InboundGateway;
import org.sila.channel.InboundMessage;
import org.sila.channel.PhoneNumbers;
import org.sila.channel.RequestStatusQuery;
import org.sila.channel.Sender;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.sila.twilio.TwilioMessagingWebhooks.twiml;

/**
 * The phone menu, Arabic first. Every call is logged in the caller's conversation (channel {@code VOICE}); a
 * call-back request and a voicemail land there too, marked for staff ({@link InboundMessage#META_HANDOFF}).
 * <pre>
 *  /voice            call comes in → logged → greeting and menu
 *  /voice/menu       1 status (→ /voice/status), 2 call back, 0 staff (Dial in hours, else voicemail), 9 English
 *  /voice/status     the keyed reference → the request's stage, only if it belongs to the caller's phone
 *  /voice/dialed     the office did not answer → voicemail
 *  /voice/voicemail  the recording ended → thanks
 *  /voice/recording  Twilio's recording is ready → fetched into the conversation
 * </pre>
 * Bad or no digits repeat the menu; the third miss ends the call politely.
 */
@RestController
@RequestMapping("/webhooks/twilio/voice")
@Conditional(TwilioEnabled.class)
class TwilioVoiceWebhooks {

    static final int MAX_TRIES = 3;
    static final String META_KIND = "kind";
    static final String META_CALL_SID = "callSid";
    static final String META_RECORDING_URL = "recordingUrl";
    static final String META_RECORDING_SECONDS = "recordingSeconds";

    private final TwilioSignatures signatures;
    private final InboundGateway inbound;
    private final RequestStatusQuery requests;
    private final TwilioMedia media;
    private final TwilioProperties properties;
    private final AssociationFacts association;
    private final Clock clock;

    TwilioVoiceWebhooks(TwilioSignatures signatures, InboundGateway inbound, RequestStatusQuery requests,
                        TwilioMedia media, TwilioProperties properties, AssociationFacts association,
                        Optional<Clock> clock) {
        this.signatures = signatures;
        this.association = association;
        this.inbound = inbound;
        this.requests = requests;
        this.media = media;
        this.properties = properties;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @PostMapping
    ResponseEntity<String> incoming(HttpServletRequest request) {
        Map<String, String> p = signatures.verify(request);
        Caller caller = caller(p);
        Map<String, String> metadata = new LinkedHashMap<>(Map.of(META_KIND, "call", META_CALL_SID, caller.callSid));
        putIfSet(metadata, "callStatus", p.get("CallStatus"));
        putIfSet(metadata, TwilioMessageMapper.META_TO, p.get("To"));
        inbound.receive(new InboundMessage(ChannelType.VOICE, caller.callSid, caller.sender(),
                staffLog("incoming"), List.of(), null, null, List.of(), metadata));
        IvrPrompts say = IvrPrompts.AR;
        return twiml(new VoiceResponse.Builder().gather(menu(request, say, 1, true)).build().toXml());
    }

    @PostMapping("/menu")
    ResponseEntity<String> menu(HttpServletRequest request) {
        Map<String, String> p = signatures.verify(request);
        Caller caller = caller(p);
        IvrPrompts say = language(request);
        int attempt = attempt(request);
        String digits = PhoneNumbers.foldDigits(p.getOrDefault("Digits", "").strip());
        var response = new VoiceResponse.Builder();
        switch (digits) {
            case "9" -> response.gather(menu(request, say.other(), 1, false));
            case "1" -> response.gather(referenceGather(request, say, 1, null));
            case "2" -> {
                inbound.receive(handoff(caller, caller.callSid + ":callback", "callback",
                        staffLog("callback") + ": " + caller.address, List.of(), Map.of()));
                endCall(response, say, text(say, "callback-recorded"));
            }
            case "0" -> toStaff(request, say, response);
            default -> {
                if (attempt >= MAX_TRIES) {
                    endCall(response, say, text(say, "invalid"));
                } else {
                    response.gather(menuWithPreamble(request, say, attempt + 1, text(say, "invalid")));
                }
            }
        }
        return twiml(response.build().toXml());
    }

    @PostMapping("/status")
    ResponseEntity<String> status(HttpServletRequest request) {
        Map<String, String> p = signatures.verify(request);
        Caller caller = caller(p);
        IvrPrompts say = language(request);
        int attempt = attempt(request);
        String digits = PhoneNumbers.foldDigits(p.getOrDefault("Digits", "").strip());
        var found = caller.phone == null || digits.isEmpty() ? Optional.<RequestStatusQuery.RequestStatus>empty()
                : requests.find(digits, caller.phone);
        var response = new VoiceResponse.Builder();
        if (found.isPresent()) {
            var status = found.get();
            endCall(response, say, text(say, "status-is") + " "
                    + (say == IvrPrompts.AR ? status.arabic() : status.english()) + ".");
        } else if (attempt >= MAX_TRIES) {
            endCall(response, say, text(say, "not-found"));
        } else {
            response.gather(referenceGather(request, say, attempt + 1, text(say, "not-found")));
        }
        return twiml(response.build().toXml());
    }

    @PostMapping("/dialed")
    ResponseEntity<String> dialed(HttpServletRequest request) {
        Map<String, String> p = signatures.verify(request);
        caller(p);
        IvrPrompts say = language(request);
        var response = new VoiceResponse.Builder();
        if ("completed".equalsIgnoreCase(p.get("DialCallStatus"))) {
            response.hangup(new Hangup.Builder().build());
        } else {
            voicemail(request, say, response);
        }
        return twiml(response.build().toXml());
    }

    @PostMapping("/voicemail")
    ResponseEntity<String> voicemailDone(HttpServletRequest request) {
        signatures.verify(request);
        IvrPrompts say = language(request);
        return twiml(endCall(new VoiceResponse.Builder(), say, text(say, "message-received")).build().toXml());
    }

    /**
     * Twilio's recording status callback: the voicemail is ready. The caller is named in the callback URL the hub
     * gave (signed with it), since this callback does not carry {@code From}.
     */
    @PostMapping("/recording")
    ResponseEntity<Void> recording(HttpServletRequest request) {
        Map<String, String> p = signatures.verify(request);
        String recordingSid = p.get("RecordingSid");
        String from = TwilioSignatures.queryParameter(request, "from");
        String callSid = p.get("CallSid");
        if (isBlank(recordingSid) || isBlank(from) || isBlank(callSid)) {
            throw TwilioWebhookException.badRequest("RecordingSid, CallSid and ?from= are required");
        }
        Caller caller = Caller.of(callSid, from);
        Map<String, String> metadata = new LinkedHashMap<>();
        putIfSet(metadata, META_RECORDING_SECONDS, p.get("RecordingDuration"));
        List<Attachment> audio = new ArrayList<>();
        String url = p.get("RecordingUrl");
        String status = p.getOrDefault("RecordingStatus", "completed");
        if ("completed".equalsIgnoreCase(status) && !isBlank(url)) {
            metadata.put(META_RECORDING_URL, url);
            String name = "voicemail-" + recordingSid + ".mp3";
            try {
                audio.add(media.fetch(url + ".mp3", "audio/mpeg", name));
            } catch (TwilioMedia.Unavailable e) {
                metadata.put(InboundMessage.META_ATTACHMENTS_REJECTED, name + " (" + e.getMessage() + "): " + url);
                metadata.put(InboundMessage.META_ATTACHMENT_LIMIT_BYTES, Long.toString(properties.maxMediaBytes()));
            }
        } else {
            metadata.put("recordingStatus", status);
        }
        String text = staffLog(audio.isEmpty() && !metadata.containsKey(META_RECORDING_URL)
                ? "voicemail-missing" : "voicemail");
        inbound.receive(handoff(caller, recordingSid, "voicemail", text, audio, metadata));
        return ResponseEntity.noContent().build();
    }

    // ---- TwiML pieces -------------------------------------------------------------------------------------

    private Gather menu(HttpServletRequest request, IvrPrompts say, int attempt, boolean welcome) {
        return menuWithPreamble(request, say, attempt, welcome ? text(say, "welcome") : null);
    }

    private Gather menuWithPreamble(HttpServletRequest request, IvrPrompts say, int attempt, String preamble) {
        IvrPrompts other = say.other();
        var gather = new Gather.Builder().numDigits(1).timeout(6).actionOnEmptyResult(true).method(HttpMethod.POST)
                .action(url(request, "/menu", say, attempt));
        if (preamble != null) {
            gather.say(say(say, preamble));
        }
        return gather.say(say(say, text(say, "menu"))).say(say(other, text(other, "switch-language"))).build();
    }

    private Gather referenceGather(HttpServletRequest request, IvrPrompts say, int attempt, String preamble) {
        var gather = new Gather.Builder().finishOnKey("#").timeout(10).actionOnEmptyResult(true)
                .method(HttpMethod.POST).action(url(request, "/status", say, attempt));
        if (preamble != null) {
            gather.say(say(say, preamble));
        }
        return gather.say(say(say, text(say, "enter-reference"))).build();
    }

    private void toStaff(HttpServletRequest request, IvrPrompts say, VoiceResponse.Builder response) {
        if (TwilioProperties.isSet(properties.officeNumber()) && association.isOpen(clock.instant())) {
            response.say(say(say, text(say, "connecting"))).dial(new Dial.Builder().timeout(25).method(HttpMethod.POST)
                    .action(url(request, "/dialed", say, 1)).number(properties.officeNumber()).build());
        } else {
            voicemail(request, say, response);
        }
    }

    private void voicemail(HttpServletRequest request, IvrPrompts say, VoiceResponse.Builder response) {
        String from = request.getParameter("From");
        String recording = signatures.callbackUrl(request, "/webhooks/twilio/voice/recording?lang=" + say.code()
                + "&from=" + URLEncoder.encode(from == null ? "" : from, StandardCharsets.UTF_8));
        response.say(say(say, text(say, "leave-message")))
                .record(new Record.Builder().maxLength(properties.voicemailMaxSeconds()).playBeep(true)
                        .finishOnKey("#").timeout(5).method(HttpMethod.POST)
                        .action(url(request, "/voicemail", say, 1))
                        .recordingStatusCallback(recording).recordingStatusCallbackMethod(HttpMethod.POST).build())
                .say(say(say, text(say, "goodbye"))).hangup(new Hangup.Builder().build());
    }

    private String text(IvrPrompts language, String key) {
        return association.text("ivr." + key, language.code());
    }

    /** What the staff's conversation log says for a call event, in both languages. */
    private String staffLog(String key) {
        return association.text("ivr.log." + key, "ar") + " / " + association.text("ivr.log." + key, "en");
    }

    private String url(HttpServletRequest request, String step, IvrPrompts say, int attempt) {
        return signatures.callbackUrl(request, "/webhooks/twilio/voice" + step + "?lang=" + say.code()
                + "&attempt=" + attempt);
    }

    /** Says {@code last}, then goodbye, and hangs up. */
    private VoiceResponse.Builder endCall(VoiceResponse.Builder response, IvrPrompts say, String last) {
        return response.say(say(say, last)).say(say(say, text(say, "goodbye"))).hangup(new Hangup.Builder().build());
    }

    private static Say say(IvrPrompts language, String text) {
        return new Say.Builder(text).language(language.language).build();
    }

    // ---- callers and messages -----------------------------------------------------------------------------

    /** Who is calling: an E.164 phone when the caller id is a number, else Twilio's raw {@code From}. */
    private record Caller(String callSid, String address, String phone) {

        static Caller of(String callSid, String from) {
            String phone = PhoneNumbers.toE164(from).orElse(null);
            return new Caller(callSid, phone != null ? phone : from.strip(), phone);
        }

        Sender sender() {
            return new Sender(address, null, phone, null);
        }
    }

    private static Caller caller(Map<String, String> p) {
        String callSid = p.get("CallSid");
        String from = p.get("From");
        if (isBlank(callSid) || isBlank(from)) {
            throw TwilioWebhookException.badRequest("CallSid and From are required");
        }
        return Caller.of(callSid, from);
    }

    private static InboundMessage handoff(Caller caller, String externalId, String kind, String text,
                                          List<Attachment> attachments, Map<String, String> extra) {
        Map<String, String> metadata = new LinkedHashMap<>(extra);
        metadata.put(InboundMessage.META_HANDOFF, "true");
        metadata.put(META_KIND, kind);
        metadata.put(META_CALL_SID, caller.callSid);
        return new InboundMessage(ChannelType.VOICE, externalId, caller.sender(), text, attachments, null, null,
                List.of(), metadata);
    }

    private static IvrPrompts language(HttpServletRequest request) {
        return IvrPrompts.of(TwilioSignatures.queryParameter(request, "lang"));
    }

    private static int attempt(HttpServletRequest request) {
        String raw = TwilioSignatures.queryParameter(request, "attempt");
        if (raw == null) {
            return 1;
        }
        try {
            return Math.max(1, Integer.parseInt(raw));
        } catch (NumberFormatException e) {
            throw TwilioWebhookException.badRequest("attempt must be a number");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (!isBlank(value)) {
            map.put(key, value);
        }
    }
}
