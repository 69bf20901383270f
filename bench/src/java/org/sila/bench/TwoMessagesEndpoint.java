package org.sila.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.types.ObjectId;
import org.sila.channel.ChannelType;
import org.sila.channel.InboundMessage;
import org.sila.channel.Sender;
import org.sila.conversation.Message;
import org.sila.conversation.Reply;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The floor under any pipeline that keeps both sides of an exchange: an endpoint that stores a beneficiary's message
 * and its reply, as the hub's own {@link Message} records, each a durable insert of its own as the pipeline's are,
 * into a collection with the indexes of {@code messages}, and does nothing else (no reads, no rules, no stream).
 * What the pipeline does beyond these two inserts can only add to their cost, so its ratio to the bare insert
 * bounds the pipeline's from above. With {@code together=true} both go in one insert command (one commit): the
 * bound for a pipeline that would store an exchange in one write.
 */
@RestController
class TwoMessagesEndpoint {

    private static final String COLLECTION = "bench_messages";

    private final MongoTemplate mongo;

    TwoMessagesEndpoint(MongoTemplate mongo) {
        this.mongo = mongo;
        var indexes = mongo.indexOps(COLLECTION);
        for (var info : mongo.indexOps(Message.class).getIndexInfo()) {
            if (info.getName().equals("_id_")) {
                continue;
            }
            Index index = new Index().named(info.getName());
            info.getIndexFields().forEach(f -> index.on(f.getKey(), Sort.Direction.ASC));
            if (info.isUnique()) {
                index.unique();
            }
            if (info.isSparse()) {
                index.sparse();
            }
            indexes.createIndex(index);
        }
    }

    @PostMapping("/bench/two-messages")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> store(@RequestBody Map<String, String> body,
                              @RequestParam(defaultValue = "false") boolean together) {
        Instant now = Instant.now();
        String session = body.getOrDefault("session", "bench");
        var route = new Message.Route(new ObjectId().toHexString(), null, ChannelType.WEBCHAT, session);
        var claim = new Message.Claim("bench", now.plusSeconds(120));
        var in = new InboundMessage(ChannelType.WEBCHAT, session + ":" + UUID.randomUUID(),
                new Sender(session, null, null, null), body.get("text"), List.of(), now, null, List.of(), Map.of());
        Message inbound = Message.inbound(new ObjectId().toHexString(), route, in, List.of(), now, claim);
        Message reply = Message.outbound(new ObjectId().toHexString(), route,
                Reply.fromBot("وعليكم السلام ورحمة الله، كيف نقدر نخدمك؟", "greeting", 0.9, List.of()),
                inbound.id(), now, claim);
        if (together) {
            mongo.insert(List.of(inbound, reply), COLLECTION);
        } else {
            mongo.insert(inbound, COLLECTION);
            mongo.insert(reply, COLLECTION);
        }
        return Map.of("id", inbound.id());
    }
}
