package com.tally.notification;

import com.tally.platform.Access;
import com.tally.platform.Env;
import com.tally.platform.KafkaConfig;
import com.tally.platform.ServerLimits;
import java.util.Map;

/**
 * notification-stream's settings: the shop's operations address, the SMTP server its dispatcher
 * sends to ({@link SmtpSettings}), and what the e-mails look like ({@link EmailSettings}). Its
 * queries show customers' e-mail addresses, so it refuses to start without the operators' tokens
 * ({@code TALLY_OPERATOR_TOKENS}).
 *
 * @param opsEmail the shop's operations address for needs-review e-mails, or null: they are then an alert only
 */
public record NotificationConfig(KafkaConfig kafka, int port, String advertisedHost, String instanceId, String opsEmail,
                                 SmtpSettings smtp, EmailSettings email, Access access, ServerLimits server) {

    /** The HTTP port when {@value #PORT_VARIABLE} is not set. */
    public static final int PORT = 8083;
    public static final String PORT_VARIABLE = "TALLY_NOTIFICATION_PORT";
    public static final String ADVERTISED_HOST = "TALLY_NOTIFICATION_ADVERTISED_HOST";
    public static final String INSTANCE_ID = "TALLY_NOTIFICATION_INSTANCE_ID";
    public static final String OPS_EMAIL = "TALLY_OPS_EMAIL";

    public static NotificationConfig fromEnv(Map<String, String> variables) {
        Env env = Env.of(variables);
        String opsEmail = env.text(OPS_EMAIL, null);
        if (opsEmail != null && !opsEmail.contains("@")) {
            env.problem(OPS_EMAIL + "=" + opsEmail + " is not an e-mail address: write it like ops@shop.example, or unset it to raise"
                    + " needs-review as an alert only");
            opsEmail = null;
        }
        var config = new NotificationConfig(
                KafkaConfig.fromEnv(env),
                env.port(PORT_VARIABLE, PORT),
                env.text(ADVERTISED_HOST, "localhost"),
                // set: static group membership, and the dispatcher's transactional IDs survive a restart
                env.text(INSTANCE_ID, ""),
                opsEmail,
                SmtpSettings.fromEnv(env),
                EmailSettings.fromEnv(env),
                Access.fromEnv(env, Access.Caller.OPERATOR),
                ServerLimits.fromEnv(env));
        env.check();
        return config;
    }
}
