package com.tally.proof.outside;

import com.tally.platform.TallyJson;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A stand-in's mode over HTTP: {@code GET|POST <root>/mode} shows and switches it, {@code POST
 * <root>/release} lets the held answers go. No token: the stand-in is outside Tally.
 *
 * @param <M> the stand-in's own modes
 */
public final class ModeEndpoints<M extends StandInMode> {

    private final ModeSwitch<M> modes;
    private final String root;
    private final String exampleBody;
    private final Function<Map<String, String>, M> parse;
    private final List<?> usage;
    private final Map<String, Object> shown;

    /**
     * @param root        where the stand-in's own endpoints are, e.g. {@code /warehouse}
     * @param exampleBody a switch as a JSON body, which the answers show as the way to write one
     * @param parse       the mode the parameters ask for; throws {@link IllegalArgumentException} with what to send instead
     * @param usage       the modes there are and what they take, shown in every answer
     * @param shown       more that every answer shows after {@code since}, e.g. the seed the modes draw from
     */
    public ModeEndpoints(ModeSwitch<M> modes, String root, String exampleBody, Function<Map<String, String>, M> parse, List<?> usage,
                         Map<String, Object> shown) {
        this.modes = modes;
        this.root = root;
        this.exampleBody = exampleBody;
        this.parse = parse;
        this.usage = usage;
        this.shown = shown;
    }

    public void addTo(JavalinConfig javalin) {
        javalin.routes.get(root + "/mode", this::show);
        javalin.routes.post(root + "/mode", this::change);
        javalin.routes.post(root + "/release", this::release);
    }

    private void show(Context ctx) {
        ctx.json(answer(modes.current(), modes.since()));
    }

    private void change(Context ctx) throws IOException {
        M next;
        try {
            next = parse.apply(ModeParameters.read(ctx, exampleBody));
        } catch (IllegalArgumentException e) {
            var answer = answer(modes.current(), modes.since());
            answer.put("reason", e.getMessage());
            ctx.status(400).json(answer);
            return;
        }
        if (next instanceof StandInMode.Outage) {
            // closing the listener closes this connection too: the answer leaves first, then the stand-in goes down
            byte[] body = TallyJson.mapper().writeValueAsBytes(answer(next, modes.now()));
            var response = ctx.res();
            response.setStatus(200);
            response.setHeader("Connection", "close");
            response.setContentType("application/json");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            response.flushBuffer();
            modes.toShortly(next);
            return;
        }
        modes.to(next);
        ctx.json(answer(modes.current(), modes.since()));
    }

    private Map<String, Object> answer(M current, Instant since) {
        var answer = new LinkedHashMap<String, Object>();
        answer.put("current", current.describe());
        answer.put("since", since);
        answer.putAll(shown);
        answer.put("switch", "POST " + root + "/mode?mode=<mode>&<parameter>=<value>, or the same as a JSON body: " + exampleBody
                + "; POST " + root + "/release lets held answers go");
        answer.put("modes", usage);
        return answer;
    }

    private void release(Context ctx) {
        ctx.json(Map.of("released", modes.release(), "mode", modes.current().describe()));
    }
}
