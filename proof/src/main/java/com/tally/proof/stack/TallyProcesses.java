package com.tally.proof.stack;

import com.tally.console.ConsoleApp;
import com.tally.console.ConsoleConfig;
import com.tally.fulfillment.FulfillmentConfig;
import com.tally.fulfillment.FulfillmentStreamApp;
import com.tally.ingest.IngestConfig;
import com.tally.ingest.IngestService;
import com.tally.notification.NotificationConfig;
import com.tally.notification.NotificationStreamApp;
import com.tally.order.OrderConfig;
import com.tally.order.OrderStreamApp;
import java.util.List;

/** Tally's services as the process stack runs them; a new service joins the crash test and the benchmarks here. */
public final class TallyProcesses {

    public static final ServiceProcess INGEST = new ServiceProcess("ingest-service", IngestService.class, IngestConfig.PORT, List.of());
    public static final ServiceProcess ORDER_STREAM =
            new ServiceProcess("order-stream", OrderStreamApp.class, OrderConfig.PORT, List.of(OrderStreamApp.APPLICATION_ID));

    public static final ServiceProcess FULFILLMENT_STREAM = new ServiceProcess("fulfillment-stream", FulfillmentStreamApp.class,
            FulfillmentConfig.PORT, FulfillmentStreamApp.DEAD_LETTER_OWNERS);

    public static final ServiceProcess NOTIFICATION_STREAM = new ServiceProcess("notification-stream", NotificationStreamApp.class,
            NotificationConfig.PORT_VARIABLE, NotificationStreamApp.DEAD_LETTER_OWNERS);

    /** The operations console: it reads the cluster and writes nothing, so the stacks that test the pipeline run without it. */
    public static final ServiceProcess CONSOLE = new ServiceProcess(ConsoleApp.NAME, ConsoleApp.class, ConsoleConfig.PORT_VARIABLE, List.of());

    /** The payment path alone, as the payments benchmark measures it: what it measured before fulfillment existed. */
    public static final List<ServiceProcess> PAYMENT_PATH = List.of(INGEST, ORDER_STREAM);

    /** Up to fulfillment and its compensation, without e-mail: for the tests of those issues, one JVM lighter. */
    public static final List<ServiceProcess> UP_TO_FULFILLMENT = List.of(INGEST, ORDER_STREAM, FULFILLMENT_STREAM);

    /** Every service there is. */
    public static final List<ServiceProcess> ALL = List.of(INGEST, ORDER_STREAM, FULFILLMENT_STREAM, NOTIFICATION_STREAM);

    private TallyProcesses() {
    }
}
