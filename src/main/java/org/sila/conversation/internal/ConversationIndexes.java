package org.sila.conversation.internal;

import org.sila.conversation.Beneficiary;
import org.sila.conversation.Conversation;
import org.sila.conversation.Identity;
import org.springframework.data.domain.Sort.Direction;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/** One index per query made on conversations, identities and beneficiaries (MessageStore makes the messages' own). */
@Component
class ConversationIndexes {

    ConversationIndexes(MongoTemplate mongo) {
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
    }
}
