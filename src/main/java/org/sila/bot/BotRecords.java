package org.sila.bot;

import java.util.LinkedHashMap;
import java.util.Map;

import org.sila.staff.BeneficiaryData;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * What the bot keeps from a beneficiary's conversations, in data-protection requests: half-finished dialogue
 * answers (a national ID among them) and the questions it could not answer.
 */
@Component
class BotRecords implements BeneficiaryData {

    private final MongoTemplate mongo;

    BotRecords(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public String section() {
        return "bot";
    }

    @Override
    public Object export(Subject subject) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dialogues", mongo.find(query(where("_id").in(subject.conversationIds())), DialogueState.class));
        out.put("unansweredQuestions", mongo.find(query(where("conversationId").in(subject.conversationIds())),
                UnansweredQuestion.class));
        return out;
    }

    @Override
    public long erase(Subject subject) {
        return mongo.remove(query(where("_id").in(subject.conversationIds())), DialogueState.class).getDeletedCount()
                + mongo.remove(query(where("conversationId").in(subject.conversationIds())), UnansweredQuestion.class)
                .getDeletedCount();
    }
}
