package com.tally.proof.verify;

import com.tally.proof.mail.Inbox;
import com.tally.proof.mail.MailServer;
import com.tally.proof.processor.ProcessorSimulator;
import com.tally.proof.stack.ProcessStack;
import com.tally.proof.stack.TallyProcesses;
import com.tally.proof.warehouse.WarehouseSimulator;

/**
 * Where the verifier finds what it asks: each service's query URL, the simulators that count what
 * reached the outside world, and the mail server's IMAP.
 *
 * @param warehouseUrl  the warehouse simulator's, which counts shipments; null for a real warehouse
 * @param processorUrl  the processor simulator's, which counts refunds; null for a real processor
 * @param notificationUrl notification-stream's; null for a stack without it, whose e-mail is then not checked
 * @param inbox         the IMAP server the e-mail went to, read back per recipient
 * @param operatorToken what the invariants that query a service present; none of them places anything
 */
public record VerifyTargets(String orderUrl, String fulfillmentUrl, String warehouseUrl, String processorUrl, String notificationUrl,
                            Inbox inbox, String operatorToken) {

    /** A process stack's services, its simulators and its mail server. */
    public static VerifyTargets of(ProcessStack stack, String operatorToken) {
        boolean mails = stack.runs(TallyProcesses.NOTIFICATION_STREAM.name());
        return new VerifyTargets(stack.url(TallyProcesses.ORDER_STREAM.name()), stack.url(TallyProcesses.FULFILLMENT_STREAM.name()),
                stack.warehouse().map(WarehouseSimulator::url).orElse(null), stack.processor().map(ProcessorSimulator::url).orElse(null),
                mails ? stack.url(TallyProcesses.NOTIFICATION_STREAM.name()) : null,
                mails ? stack.mail().map(MailServer::inbox).orElseThrow(() -> new IllegalArgumentException(
                        "the stack sends its e-mail to a server it did not start: verify it with VerifyTargets' constructor, naming its IMAP"))
                        : null,
                operatorToken);
    }
}
