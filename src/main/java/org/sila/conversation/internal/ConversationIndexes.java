package org.sila.conversation.internal;

import org.sila.conversation.Beneficiary;
import org.sila.conversation.Conversation;
import org.sila.conversation.Identity;
import org.sila.conversation.Message;
import org.springframework.data.domain.Sort.Direction;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/** One index per query the store makes; created at start, before any traffic. */
@Component
class ConversationIndexes {

    ConversationIndexes(MongoTemplate mongo) {
        var messages = mongo.indexOps(Message.class);
        // Idempotent inbound and status callbacks on (channel, externalId); outbound messages get theirs once
        // sent. Sparse, not partial: the embedded store ignores partial filters on unique indexes.
        messages.createIndex(new Index().on("externalKey", Direction.ASC).unique().sparse()
                .named("channel_externalId"));
        messages.createIndex(new Index().on("workKey", Direction.ASC).unique().sparse().named("work"));
        messages.createIndex(new Index().on("conversationId", Direction.ASC).on("createdAt", Direction.ASC)
                .named("conversation_createdAt"));
        messages.createIndex(new Index().on("channel", Direction.ASC).on("address", Direction.ASC)
                .on("createdAt", Direction.ASC).named("address_createdAt"));
        messages.createIndex(new Index().on("status", Direction.ASC).on("nextAttemptAt", Direction.ASC)
                .named("outbox"));
        messages.createIndex(new Index().on("direction", Direction.ASC).on("handledAt", Direction.ASC)
                .on("createdAt", Direction.ASC).named("inbound_unhandled"));
        messages.createIndex(new Index().on("beneficiaryId", Direction.ASC).named("beneficiary"));
        // read only when a message is handled again after a failure: was it answered already?
        messages.createIndex(new Index().on(MessageStore.ANSWERS, Direction.ASC).sparse()
                .named("answers"));

        var conversations = mongo.indexOps(Conversation.class);
        conversations.createIndex(new Index().on("openKey", Direction.ASC).unique().sparse()
                .named("open_per_address"));
        conversations.createIndex(new Index().on("status", Direction.ASC).on("lastMessageAt", Direction.DESC)
                .named("inbox"));
        conversations.createIndex(new Index().on("beneficiaryId", Direction.ASC).named("beneficiary"));

        mongo.indexOps(Identity.class).createIndex(new Index().on("beneficiaryId", Direction.ASC)
                .named("beneficiary"));
        mongo.indexOps(Beneficiary.class).createIndex(new Index().on("phone", Direction.ASC).unique().sparse()
                .named("phone"));
        mongo.indexOps("attachments").createIndex(new Index().on("messageId", Direction.ASC).named("message"));
    }
}
