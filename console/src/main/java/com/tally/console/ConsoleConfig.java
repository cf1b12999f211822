package com.tally.console;

import com.tally.console.lag.LagRules;
import com.tally.console.orders.OrderRoutes;
import com.tally.platform.Access;
import com.tally.platform.Env;
import com.tally.platform.KafkaConfig;
import com.tally.platform.ServerLimits;
import java.time.Duration;
import java.util.Map;

/**
 * The console's settings. It shows every group's offsets and, later, orders and alerts, so it
 * refuses to start without the operators' tokens ({@code TALLY_OPERATOR_TOKENS}).
 *
 * @param lagWindow   how far back the status rules look (Burrow's window, in wall-clock time)
 * @param lagInterval how often the cluster is sampled
 */
public record ConsoleConfig(KafkaConfig kafka, int port, Duration lagWindow, Duration lagInterval, OrderRoutes.ServiceUrls services,
                            Access access, ServerLimits server) {

    /** The HTTP port when {@value #PORT_VARIABLE} is not set. */
    public static final int PORT = 8090;
    public static final String PORT_VARIABLE = "TALLY_CONSOLE_PORT";
    public static final String LAG_WINDOW = "TALLY_LAG_WINDOW";
    public static final String LAG_INTERVAL = "TALLY_LAG_INTERVAL";
    public static final String ORDER_STREAM_URL = "TALLY_CONSOLE_ORDER_STREAM_URL";
    public static final String FULFILLMENT_STREAM_URL = "TALLY_CONSOLE_FULFILLMENT_STREAM_URL";
    public static final String NOTIFICATION_STREAM_URL = "TALLY_CONSOLE_NOTIFICATION_STREAM_URL";

    public static ConsoleConfig fromEnv(Map<String, String> variables) {
        Env env = Env.of(variables);
        Duration window = env.duration(LAG_WINDOW, Duration.ofMinutes(2));
        Duration interval = env.duration(LAG_INTERVAL, Duration.ofSeconds(5));
        if (window.isZero() || window.isNegative()) {
            env.problem(LAG_WINDOW + "=" + window + " is not a span of time: write it like PT2M");
        } else if (interval.isZero() || interval.isNegative() || interval.compareTo(LagRules.longestSamplingInterval(window)) > 0) {
            env.problem(LAG_INTERVAL + "=" + interval + " with " + LAG_WINDOW + "=" + window + ": the status rules need a sampling at least"
                    + " every " + LagRules.longestSamplingInterval(window) + " (a tenth of the window); sample more often or widen the window");
        }
        var config = new ConsoleConfig(
                KafkaConfig.fromEnv(env),
                env.port(PORT_VARIABLE, PORT),
                window,
                interval,
                // any instance of each: it forwards a query to the instance owning the order
                new OrderRoutes.ServiceUrls(url(env, ORDER_STREAM_URL, "http://localhost:8081"),
                        url(env, FULFILLMENT_STREAM_URL, "http://localhost:8082"),
                        url(env, NOTIFICATION_STREAM_URL, "http://localhost:8083")),
                Access.fromEnv(env, Access.Caller.OPERATOR),
                ServerLimits.fromEnv(env));
        env.check();
        return config;
    }

    private static String url(Env env, String name, String fallback) {
        String url = env.text(name, fallback).strip();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            env.problem(name + "=" + url + " is not an http(s) URL: write it like " + fallback);
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
