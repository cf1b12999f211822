package com.tally.notification;

import com.tally.platform.Env;
import com.tally.platform.dispatch.Backoff;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the dispatcher sends e-mail and how hard it tries: the SMTP server, STARTTLS, the
 * credentials (both or neither), how long it waits for the server, and how it retries in place.
 *
 * @param startTls        true: STARTTLS is required, a server that does not offer it is not sent to
 * @param timeout         connecting, and each reply of the server, may take this long
 * @param retry           the waits between sends of one notification and how many there are
 * @param maxSendsInFlight e-mails one instance sends at once, each on its own connection
 */
public record SmtpSettings(String host, int port, String username, String password, boolean startTls, Duration timeout,
                           Backoff retry, int maxSendsInFlight) {

    public static final String HOST = "TALLY_SMTP_HOST";
    public static final String PORT = "TALLY_SMTP_PORT";
    public static final String USERNAME = "TALLY_SMTP_USERNAME";
    public static final String PASSWORD = "TALLY_SMTP_PASSWORD";
    public static final String STARTTLS = "TALLY_SMTP_STARTTLS";
    public static final String TIMEOUT = "TALLY_SMTP_TIMEOUT";
    public static final String BACKOFF_BASE = "TALLY_SMTP_BACKOFF_BASE";
    public static final String BACKOFF_MAX = "TALLY_SMTP_BACKOFF_MAX";
    public static final String MAX_ATTEMPTS = "TALLY_SMTP_MAX_ATTEMPTS";
    public static final String MAX_SENDS_IN_FLIGHT = "TALLY_SMTP_MAX_SENDS_IN_FLIGHT";

    /**
     * The replies one send waits for at most (greeting, EHLO, STARTTLS and EHLO again, AUTH,
     * MAIL, RCPT, DATA, the end of the data, QUIT), each within the timeout, like the connection.
     */
    static final int SEND_ROUND_TRIPS = 10;

    public SmtpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(retry, "retry");
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException(credentialsProblem());
        }
    }

    /** Reads the settings; the caller reports the problems with its own ({@link Env#check()}). */
    public static SmtpSettings fromEnv(Env env) {
        String username = env.text(USERNAME, null);
        String password = env.text(PASSWORD, null);
        if ((username == null) != (password == null)) {
            env.problem(credentialsProblem());
            username = null;
            password = null;
        }
        return new SmtpSettings(
                env.text(HOST, "localhost"),
                env.port(PORT, 25),
                username,
                password,
                flag(env, STARTTLS),
                env.duration(TIMEOUT, Duration.ofSeconds(10)),
                new Backoff(env.duration(BACKOFF_BASE, Duration.ofSeconds(1)), env.duration(BACKOFF_MAX, Duration.ofMinutes(1)),
                        env.integer(MAX_ATTEMPTS, 8, 1, 20)),
                env.integer(MAX_SENDS_IN_FLIGHT, 4, 1, 64));
    }

    /** True when the server wants a login. */
    public boolean authenticates() {
        return username != null;
    }

    /** The longest one send can take: connecting and every reply running to the timeout. */
    public Duration longestSend() {
        return timeout.multipliedBy(SEND_ROUND_TRIPS);
    }

    /** The longest the sends of one notification can take, retries and waits included: no retry starts that could end later. */
    public Duration retryBudget() {
        return retry.budget(longestSend());
    }

    /** Everything but the password: settings get printed. */
    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", username=" + username + ", password="
                + (password == null ? "null" : "(" + password.length() + " characters)") + ", startTls=" + startTls + ", timeout="
                + timeout + ", retry=" + retry + ", maxSendsInFlight=" + maxSendsInFlight + "]";
    }

    private static boolean flag(Env env, String name) {
        String value = env.text(name, "false").toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            env.problem(name + "=" + env.text(name, "") + " is neither true nor false: set true to require STARTTLS, false (the default)"
                    + " to send in plain text");
        }
        return value.equals("true");
    }

    private static String credentialsProblem() {
        return USERNAME + " and " + PASSWORD + " go together: set both for a server that wants a login, or neither";
    }
}
