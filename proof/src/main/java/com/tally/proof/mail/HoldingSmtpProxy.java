package com.tally.proof.mail;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A proxy in front of an SMTP server that can hold the server's reply to the end of a message:
 * the message has reached the server, and the sender waits to hear so. A sender killed then has
 * sent an e-mail it never learnt was sent: the in-doubt window, opened on demand. Otherwise every
 * byte passes as it came.
 *
 * <pre>{@code
 * proxy.holdReplies();
 * // ... a send starts
 * proxy.awaitHeld(Duration.ofSeconds(10));   // the message is in the server's mailbox, the sender blocked
 * // ... kill the sender
 * proxy.passReplies();                       // the held replies go, and the next ones pass
 * }</pre>
 */
public final class HoldingSmtpProxy implements AutoCloseable {

    private final SmtpRelay relay;
    private final Semaphore holdsToReport = new Semaphore(0);
    private final AtomicInteger held = new AtomicInteger();
    private boolean holding;
    private CountDownLatch gate = new CountDownLatch(1);

    private HoldingSmtpProxy(String serverHost, int serverPort) {
        this.relay = new SmtpRelay("holding-smtp-proxy", serverHost, serverPort, new SmtpRelay.Rules() {
            @Override
            public void beforeEndOfDataReply() throws InterruptedException {
                hold();
            }
        });
    }

    /** A proxy to the SMTP server at {@code serverHost:serverPort}, listening on {@code port} (0: a free one), passing everything. */
    public static HoldingSmtpProxy start(int port, String serverHost, int serverPort) {
        var proxy = new HoldingSmtpProxy(serverHost, serverPort);
        proxy.relay.start(port);
        return proxy;
    }

    /** Where senders connect. */
    public int port() {
        return relay.port();
    }

    /** From now on, each reply to the end of a message waits until {@link #release()} or {@link #passReplies()}. */
    public synchronized void holdReplies() {
        holding = true;
    }

    /** Lets every held reply go and stops holding. */
    public synchronized void passReplies() {
        holding = false;
        release();
    }

    /** Lets the replies held so far go; later ones are held again while holding is on. */
    public synchronized void release() {
        var released = gate;
        gate = new CountDownLatch(1);
        released.countDown();
    }

    /**
     * Waits for a reply to be held: each hold is reported to one call, so a test that awaits once per
     * send sees every send. @return false when none was held within {@code timeout}
     */
    public boolean awaitHeld(Duration timeout) throws InterruptedException {
        return holdsToReport.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** How many replies were held since the start. */
    public int heldCount() {
        return held.get();
    }

    @Override
    public void close() {
        passReplies();
        relay.close();
    }

    private void hold() throws InterruptedException {
        CountDownLatch waitFor;
        synchronized (this) {
            if (!holding) {
                return;
            }
            waitFor = gate;
        }
        held.incrementAndGet();
        holdsToReport.release();
        waitFor.await();
    }
}
