package com.tally.console.page;

import com.tally.platform.Access;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The console's page at {@code /}, for operators: a browser asks for the operator token through its
 * login prompt (Basic, the token as the password) and sends it with every call the page makes. The
 * page's script and style ({@code /assets}) and uPlot ({@code /webjars}) come from the jar and hold
 * no data, so they are served to anyone; everything the page shows comes from the guarded {@code /api}.
 */
public final class ConsolePage {

    static final String PAGE = "/web/index.html";

    private final Access access;
    private final String html;

    public ConsolePage(Access access) {
        this.access = access;
        this.html = resource(PAGE);
    }

    public void install(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/assets";
            files.directory = "/web/assets";
            files.location = Location.CLASSPATH;
        });
        config.staticFiles.enableWebjars();
        config.routes.get("/", access.operator(this::page));
    }

    private void page(Context ctx) {
        ctx.header("Cache-Control", "no-store").html(html);
    }

    private static String resource(String path) {
        try (InputStream in = ConsolePage.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the console's jar: rebuild it with `mvn -B package -pl console -am`");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
