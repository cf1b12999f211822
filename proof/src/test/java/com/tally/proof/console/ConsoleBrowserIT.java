package com.tally.proof.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.console.ConsoleConfig;
import com.tally.fulfillment.FulfillmentStreamApp;
import com.tally.notification.NotificationStreamApp;
import com.tally.platform.Access;
import com.tally.platform.KafkaConfig;
import com.tally.platform.testing.Eventually;
import com.tally.proof.sim.Mix;
import com.tally.proof.sim.SimulationRecord;
import com.tally.proof.sim.Simulator;
import com.tally.proof.sim.Stories;
import com.tally.proof.stack.ProcessStack;
import com.tally.proof.stack.ServiceProcess;
import com.tally.proof.stack.StackEnvironment;
import com.tally.proof.stack.TallyProcesses;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * Issue 21's browser acceptance: the console page in headless Chromium, on a process stack running
 * every service and the console each in its own JVM, with traffic from the simulator. The page is
 * read as an operator reads it (the status badges, the lag cells, the timeline rows), through the
 * {@code data-*} attributes the page sets next to the text it shows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    /** Every order paid once: the traffic is there to be consumed, not to test the payment path again. */
    private static final Mix PAID_ONLY = new Mix(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    /** Short, so a paused app leaves OK within seconds; the sampling interval is a tenth of it, as the rules need. */
    private static final Duration LAG_WINDOW = Duration.ofSeconds(15);
    private static final String NOTIFICATION_APP = NotificationStreamApp.APPLICATION_ID;
    private static final String FULFILLMENT_APP = FulfillmentStreamApp.APPLICATION_ID;
    private static final Path SCREENSHOTS = Path.of("target", "screenshots", "console");

    @TempDir
    static Path work;

    private static ProcessStack stack;
    private static Chromium chromium;
    private static String console;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        var services = new ArrayList<>(TallyProcesses.ALL);
        services.add(TallyProcesses.CONSOLE);
        stack = new ProcessStack(work.resolve("stack"), 3, services, Map.of(
                ConsoleConfig.LAG_WINDOW, LAG_WINDOW.toString(),
                ConsoleConfig.LAG_INTERVAL, LAG_WINDOW.dividedBy(15).toString(),
                KafkaConfig.COMMIT_INTERVAL, "PT0.5S")).start();
        console = stack.url(TallyProcesses.CONSOLE.name());
        chromium = new Chromium(SCREENSHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void withoutTheOperatorTokenThePageAndItsDataAreRefused() throws Exception {
        for (String path : List.of("/", "/api/lag", "/api/lag/trend", "/api/alerts", "/api/dead-letters", "/api/orders/stuck")) {
            HttpResponse<String> answer = get(path, Optional.empty());
            assertEquals(401, answer.statusCode(), path);
            assertEquals(Access.CHALLENGES, answer.headers().allValues("WWW-Authenticate"), path + ": a browser is asked to log in");
        }
        assertEquals(401, get("/", Optional.of("not-the-operator-token-at-all")).statusCode());
        assertEquals(200, get("/", Optional.of(StackEnvironment.DEFAULT_OPERATOR_TOKEN)).statusCode());
        assertEquals(200, get("/health", Optional.empty()).statusCode(), "open, for the orchestrator");
        assertEquals(200, get("/assets/console.js", Optional.empty()).statusCode(), "code only: the data is behind /api");
    }

    @Test
    @Order(2)
    void everyPipelineGroupShowsOkWithItsTrendAndAnOrdersTimelineShowsItsTransitionsInOrder() throws Exception {
        SimulationRecord.Run run = pay(20, "console-ok", 100).join();
        String orderId = run.orders().get(0).orderId();
        // with the operator's token in the address, as a browser sends it after its login prompt
        chromium.driver().get(console.replace("http://", "http://operator:" + StackEnvironment.DEFAULT_OPERATOR_TOKEN + "@") + "/");

        List<String> pipeline = pipelineGroups();
        Map<String, GroupRow> rows = Eventually.await(Duration.ofSeconds(60), "every pipeline group OK and caught up on the page",
                this::groupRows, shown -> pipeline.stream().allMatch(group -> shown.containsKey(group)
                        && shown.get(group).status().equals("OK") && shown.get(group).lagSeconds() == 0));
        for (String group : pipeline) {
            assertEquals("OK", rows.get(group).badge(), group + ": the badge says what the status is");
        }
        Eventually.await(Duration.ofSeconds(10), "a uPlot chart for every group", () -> chromium.script(
                "return [...document.querySelectorAll('#trends figure')].filter(f => f.querySelector('canvas')).map(f => f.dataset.group);"),
                charted -> ((List<?>) charted).containsAll(pipeline));
        assertEquals("live", chromium.driver().findElement(By.id("connection")).getText(), "the lag comes as server-sent events");
        Eventually.await(Duration.ofSeconds(15), "every app's dead-letter topic listed", () -> chromium.script(
                "return [...document.querySelectorAll('#dead-letters .dlq')].map(d => d.dataset.topic);"),
                topics -> ((List<?>) topics).containsAll(pipeline.stream().map(group -> group + ".dlq").toList()));
        assertTrue(chromium.scrollWidth() <= Chromium.WIDTH, "no horizontal scrolling at 1280x800: " + chromium.scrollWidth());
        chromium.screenshot("1-every-group-ok");

        List<String> transitions = Eventually.await(Duration.ofSeconds(60), orderId + " delivered and its e-mails sent, on the page",
                () -> timelineOf(orderId), shown -> shown.contains("SHIPPED → DELIVERED") && shown.contains("delivered e-mail SENT"));
        assertEquals(List.of("PENDING → PAID", "PAID → FULFILLMENT_REQUESTED", "FULFILLMENT_REQUESTED → FULFILLMENT_ACCEPTED",
                "FULFILLMENT_ACCEPTED → SHIPPED", "SHIPPED → DELIVERED"), transitions.stream().filter(what -> what.contains("→")).toList(),
                "order-stream's transitions, in the order they happened");
        assertTrue(transitions.indexOf("order-confirmed e-mail SENT") > transitions.indexOf("PENDING → PAID"),
                "the confirmation is sent after the payment: " + transitions);
        assertTrue(transitions.stream().anyMatch(what -> what.startsWith("fulfillment attempt 1")), "the saga's attempt: " + transitions);
        assertTrue(chromium.scrollWidth() <= Chromium.WIDTH, "no horizontal scrolling with the timeline shown: " + chromium.scrollWidth());
        chromium.script("document.querySelector('#order-section').scrollIntoView();");
        chromium.screenshot("2-order-timeline");
    }

    @Test
    @Order(3)
    void aPausedAppLeavesOkWithItsLagGrowingAndCatchesUpWhenResumedWhileAKilledOneShowsStopped() throws Exception {
        // about 40 s of orders: they flow past the pause, the resume and the kill
        CompletableFuture<SimulationRecord.Run> traffic = pay(400, "console-pause", 20);
        stack.process(TallyProcesses.NOTIFICATION_STREAM.name()).pause();
        // killed at the same time: its group keeps the dead member until the session times out, so this wait overlaps the other
        stack.process(TallyProcesses.FULFILLMENT_STREAM.name()).kill();

        GroupRow paused = Eventually.await(LAG_WINDOW.multipliedBy(3), NOTIFICATION_APP + " leaving OK while paused",
                () -> groupRows().get(NOTIFICATION_APP), row -> !row.status().equals("OK"));
        GroupRow later = Eventually.await(Duration.ofSeconds(20), NOTIFICATION_APP + "'s lag growing while paused",
                () -> groupRows().get(NOTIFICATION_APP), row -> row.lag() > paused.lag() && row.lagSeconds() > paused.lagSeconds());
        assertTrue(List.of("STALL", "STOP").contains(later.status()), "a paused app stalls, then stops: " + later);
        assertEquals(later.status(), later.badge());
        chromium.script("document.querySelector('#lag-section').scrollIntoView();");
        chromium.screenshot("3-paused-and-killed");
        stack.process(TallyProcesses.NOTIFICATION_STREAM.name()).resume();

        traffic.join();
        GroupRow caughtUp = Eventually.await(Duration.ofSeconds(90), NOTIFICATION_APP + " caught up after its resume",
                () -> groupRows().get(NOTIFICATION_APP), row -> row.status().equals("OK") && row.lag() == 0 && row.lagSeconds() == 0);
        assertEquals("OK", caughtUp.badge());
        GroupRow killed = Eventually.await(Duration.ofSeconds(90), FULFILLMENT_APP + " STOPPED once its killed member is gone",
                () -> groupRows().get(FULFILLMENT_APP), row -> row.status().equals("STOPPED"));
        assertEquals(0, killed.members());
        assertTrue(killed.lag() > 0, "the orders paid since the kill wait for it: " + killed);
        assertTrue(chromium.scrollWidth() <= Chromium.WIDTH, "no horizontal scrolling: " + chromium.scrollWidth());
        chromium.screenshot("4-resumed-caught-up-and-killed-stopped");
    }

    /** The groups of every stream app and dispatcher the stack runs. */
    private static List<String> pipelineGroups() {
        return TallyProcesses.ALL.stream().map(ServiceProcess::consumerGroups).flatMap(List::stream).toList();
    }

    /** What the page's group table shows now, by group. */
    private Map<String, GroupRow> groupRows() {
        var rows = (List<?>) chromium.script("return [...document.querySelectorAll('#groups tr.group')].map(r => [r.dataset.group,"
                + " r.dataset.status, r.querySelector('.status').textContent, Number(r.dataset.lag), Number(r.dataset.lagSeconds),"
                + " Number(r.querySelector('.members').textContent)]);");
        var byGroup = new TreeMap<String, GroupRow>();
        for (Object row : rows) {
            List<?> cells = (List<?>) row;
            byGroup.put((String) cells.get(0), new GroupRow((String) cells.get(0), (String) cells.get(1), (String) cells.get(2),
                    ((Number) cells.get(3)).longValue(), ((Number) cells.get(4)).doubleValue(), ((Number) cells.get(5)).intValue()));
        }
        return byGroup;
    }

    /** Looks the order up as an operator does, and returns what the timeline says happened, in its order. */
    private List<String> timelineOf(String orderId) {
        var field = chromium.driver().findElement(By.id("order-id"));
        field.clear();
        field.sendKeys(orderId);
        chromium.script("document.querySelector('#order-summary').textContent = '';");
        chromium.driver().findElement(By.id("order-lookup")).click();
        try {
            Eventually.await(Duration.ofSeconds(10), "the timeline of " + orderId, () -> chromium.driver().findElement(By.id("order-summary"))
                    .getText(), text -> !text.isEmpty() && !text.startsWith("asking"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Stream.of(((List<?>) chromium.script("return [...document.querySelectorAll('#timeline tbody td.what')].map(td => td.textContent);"))
                .toArray()).map(String::valueOf).toList();
    }

    private static CompletableFuture<SimulationRecord.Run> pay(int orders, String runId, double requestsPerSecond) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Path record = work.resolve(runId + ".jsonl");
                var settings = new Simulator.Settings(stack.url(TallyProcesses.INGEST.name()), StackEnvironment.DEFAULT_STRIPE_SECRET,
                        StackEnvironment.DEFAULT_SHOP_TOKEN, 4, requestsPerSecond, 20, record);
                var result = new Simulator(settings, line -> { }).run(Stories.plan(runId.hashCode(), orders, PAID_ONLY, runId), PAID_ONLY,
                        runId.hashCode());
                assertEquals(0, result.unexpected(), "every request answered as a processor expects");
                return SimulationRecord.read(record);
            } catch (Exception e) {
                throw new IllegalStateException(runId + " failed", e);
            }
        });
    }

    private static HttpResponse<String> get(String path, Optional<String> token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(console + path));
        token.ifPresent(t -> request.header("Authorization", Access.bearer(t)));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One row of the group table: its status as data and as the badge shows it, its lag, its members. */
    private record GroupRow(String group, String status, String badge, long lag, double lagSeconds, int members) {
    }
}
