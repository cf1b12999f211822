package com.tally.proof.verify;

import com.tally.schemas.Topics;
import com.tally.schemas.WebhookReceived;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** ingest-service's promises: a 2xx means the webhook is in the log, and a forged one never is. */
public final class IngestInvariants implements Invariants {

    public static final String ACKED_APPENDED = "every 2xx'd webhook is in payments.webhooks";
    public static final String FORGED_NOT_APPENDED = "no forged webhook is in payments.webhooks";

    @Override
    public List<String> topicsRead() {
        return List.of(Topics.WEBHOOKS);
    }

    @Override
    public Map<String, List<String>> groupInputs() {
        return Map.of();
    }

    @Override
    public List<Check> check(Evidence evidence) {
        Set<String> appended = evidence.read(Topics.WEBHOOKS, WebhookReceived.class).stream()
                .map(WebhookReceived::getProviderEventId).collect(Collectors.toSet());
        var acked = new Check(ACKED_APPENDED);
        evidence.facts().acceptedWebhookEventIds()
                .forEach(id -> acked.expect(appended.contains(id), id + " was answered 2xx but is not in the log"));
        var forged = new Check(FORGED_NOT_APPENDED);
        evidence.facts().forgedEventIds().forEach(id -> forged.expect(!appended.contains(id), id + " was forged but is in the log"));
        return List.of(acked, forged);
    }
}
