package com.tally.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.Access.Caller;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ops endpoints on a real server, without Kafka: which are open, and /metrics when it is protected. */
class OpsEndpointsTest {

    private static final String OLD = "old-operator-token-0000000000000";
    private static final String CURRENT = "current-operator-token-111111111";
    private static final String NEXT = "next-operator-token-222222222222";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private Javalin server;

    /** A service's ops endpoints as it would start with {@code variables}; starting again is a restart with a new list. */
    private String start(Map<String, String> variables) {
        if (server != null) {
            server.stop();
        }
        Env env = Env.of(variables);
        Access access = Access.fromEnv(env, Caller.OPERATOR);
        env.check();
        var ops = new OpsEndpoints("test-service", () -> Readiness.Status.ready("up"), ServiceMetrics.registry("test-service"), access);
        server = Javalin.create(ops::install).start(0);
        return "http://localhost:" + server.port();
    }

    private static Map<String, String> tokens(String list, boolean metricsProtected) {
        var variables = new HashMap<String, String>();
        variables.put(Access.OPERATOR_TOKENS, list);
        variables.put(Access.METRICS_PROTECTED, String.valueOf(metricsProtected));
        return variables;
    }

    private static HttpResponse<String> get(String url, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void healthAndReadyStayOpenWhenMetricsAreProtected() throws Exception {
        String url = start(tokens(CURRENT, true));

        assertEquals(200, get(url + "/health", null).statusCode());
        assertEquals(200, get(url + "/ready", null).statusCode());
        assertEquals(200, get(url + "/health", "Bearer not-a-token-of-this-service").statusCode(), "a wrong token does not matter there");
    }

    @Test
    void metricsAreOpenUnlessProtected() throws Exception {
        String url = start(tokens(CURRENT, false));

        var metrics = get(url + "/metrics", null);

        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "Prometheus text");
    }

    @Test
    void protectedMetricsRefuseNoTokenAWrongOneAndOneRevokedByARotationAndServeEitherRotatedToken() throws Exception {
        String before = start(tokens(OLD + "," + CURRENT, true));
        assertEquals(200, get(before + "/metrics", "Bearer " + OLD).statusCode(), "the old token works before the rotation");

        String url = start(tokens(CURRENT + "," + NEXT, true));

        assertEquals(401, get(url + "/metrics", null).statusCode());
        assertEquals(401, get(url + "/metrics", "Bearer wrong-operator-token-33333333").statusCode());
        assertEquals(401, get(url + "/metrics", "Bearer " + OLD).statusCode(), "revoked by the rotation");
        assertEquals(200, get(url + "/metrics", "Bearer " + CURRENT).statusCode());
        assertEquals(200, get(url + "/metrics", "Bearer " + NEXT).statusCode());
        String basic = Base64.getEncoder().encodeToString(("prometheus:" + NEXT).getBytes(StandardCharsets.UTF_8));
        assertEquals(200, get(url + "/metrics", "Basic " + basic).statusCode(), "Basic with the token as the password");
    }

    @Test
    void aRefusalChallengesForBothSchemesAndSaysWhichTokenIsNeededAndWhereItIsConfigured() throws Exception {
        String url = start(tokens(CURRENT, true));

        var missing = get(url + "/metrics", null);
        var wrong = get(url + "/metrics", "Bearer wrong-operator-token-33333333");

        assertEquals(List.of("Bearer realm=\"tally\"", "Basic realm=\"tally\""), missing.headers().allValues("WWW-Authenticate"));
        var body = TallyJson.mapper().readTree(missing.body());
        assertEquals("GET /metrics needs an operator token: send Authorization: Bearer <token> (or Basic with the token as the password)",
                body.get("error").asText());
        assertEquals("operator token", body.get("needs").asText());
        assertEquals("TALLY_OPERATOR_TOKENS", body.get("configuredIn").asText());
        assertEquals("the token sent is not an operator token this instance accepts: check it, or whether a rotation revoked it",
                TallyJson.mapper().readTree(wrong.body()).get("error").asText());
        assertEquals(List.of("Bearer realm=\"tally\"", "Basic realm=\"tally\""), wrong.headers().allValues("WWW-Authenticate"));
    }
}
