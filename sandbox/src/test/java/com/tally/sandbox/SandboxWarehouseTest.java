package com.tally.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tally.ingest.IngestConfig;
import com.tally.ingest.standard.StandardWebhookSignature;
import com.tally.platform.testing.Eventually;
import com.tally.proof.stack.StackEnvironment;
import com.tally.proof.warehouse.WarehouseSimulator;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox's warehouse reports to the sandbox's ingest, signed with the secret ingest is given. */
class SandboxWarehouseTest {

    @TempDir
    Path stateDir;

    @Test
    void callbacksGoToIngestsPortSignedWithTheFirstOfItsWarehouseSecrets() throws Exception {
        String current = "whsec_" + Base64.getEncoder().encodeToString("the current secret".getBytes());
        String next = "whsec_" + Base64.getEncoder().encodeToString("the next secret".getBytes());
        var signature = new StandardWebhookSignature(List.of(current), IngestConfig.WAREHOUSE_WEBHOOK_SECRET, Duration.ofMinutes(5), Clock.systemUTC());
        var answered = new CopyOnWriteArrayList<Integer>();
        var ingest = Javalin.create(config -> config.routes.post(WarehouseSimulator.CALLBACK_PATH, ctx -> {
            boolean valid = signature.verify(ctx.header(StandardWebhookSignature.ID), ctx.header(StandardWebhookSignature.TIMESTAMP),
                    ctx.header(StandardWebhookSignature.SIGNATURE), ctx.bodyAsBytes()).isValid();
            answered.add(valid ? 200 : 401);
            ctx.status(valid ? 200 : 401);
        })).start(0);
        Map<String, String> env = StackEnvironment.of(Map.of(IngestConfig.PORT, String.valueOf(ingest.port()),
                IngestConfig.WAREHOUSE_WEBHOOK_SECRET, current + "," + next), "localhost:9092", stateDir);
        var warehouse = Sandbox.warehouse(env, 0, Duration.ZERO, Duration.ZERO);
        warehouse.start();
        try {
            var shipped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(warehouse.shipmentsUrl()))
                    .header("Content-Type", "application/json")
                    .header(WarehouseSimulator.IDEMPOTENCY_KEY, "ful_sandbox")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"requestId\":\"ful_sandbox\",\"orderId\":\"o-1\",\"attempt\":1,\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(201, shipped.statusCode(), shipped.body());
            assertEquals("http://localhost:" + ingest.port() + "/webhooks/warehouse", warehouse.callbackUrl());
            Eventually.await(Duration.ofSeconds(5), "shipped and delivered reach ingest", answered::size, count -> count == 2);
            assertEquals(List.of(200, 200), answered);
        } finally {
            warehouse.close();
            ingest.stop();
        }
    }
}
