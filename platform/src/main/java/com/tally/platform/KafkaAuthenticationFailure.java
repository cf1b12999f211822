package com.tally.platform;

import java.util.Locale;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Kafka refused Tally's credentials, or the TLS handshake with it failed: a start that only a
 * change of settings can fix, so the failure is one line that names the settings to change. It
 * carries no stack trace and no cause on purpose: uncaught in a service's {@code main}, this line
 * is all that is printed, where a trace through the Kafka client would bury it. Kafka's own
 * reason is part of the line.
 */
public final class KafkaAuthenticationFailure extends RuntimeException {

    private static final int MAX_CAUSES = 32;

    private KafkaAuthenticationFailure(String message) {
        super(message, null, false, false);
    }

    /**
     * {@code failure} said for an operator when an authentication failure is behind it, else
     * {@code failure} itself.
     *
     * @param during what Tally was doing, e.g. "while creating topics on broker:9093"
     */
    public static RuntimeException explain(RuntimeException failure, String during) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (cause instanceof KafkaAuthenticationFailure explained) {
                return explained;
            }
            if (cause instanceof SslAuthenticationException) {
                return new KafkaAuthenticationFailure("the TLS handshake with Kafka failed " + during + " (" + reason(cause) + "): check "
                        + variable("ssl.truststore.location") + " and " + variable("ssl.truststore.password")
                        + " (a truststore holding the CA that signed the brokers' certificates) and, with mutual TLS, "
                        + variable("ssl.keystore.location") + " and " + variable("ssl.keystore.password") + inTheFile());
            }
            if (cause instanceof AuthenticationException) {
                return new KafkaAuthenticationFailure("Kafka refused Tally's credentials " + during + " (" + reason(cause) + "): check the"
                        + " user name and password in " + variable("sasl.jaas.config") + " and the mechanism in "
                        + variable("sasl.mechanism") + inTheFile());
            }
        }
        return failure;
    }

    /** The variable that sets a client property. */
    private static String variable(String property) {
        return KafkaConfig.CLIENT_SETTING_PREFIX + property.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static String inTheFile() {
        return " (or those properties in the file " + KafkaConfig.CONFIG_FILE + " names; a variable wins over the file)";
    }

    /** Kafka's message, with the root cause's where Kafka wraps one (a certificate path that does not verify). */
    private static String reason(Throwable cause) {
        Throwable root = cause;
        for (int depth = 0; root.getCause() != null && depth < MAX_CAUSES; depth++) {
            root = root.getCause();
        }
        return root == cause || root.getMessage() == null ? cause.getMessage() : cause.getMessage() + ": " + root.getMessage();
    }
}
