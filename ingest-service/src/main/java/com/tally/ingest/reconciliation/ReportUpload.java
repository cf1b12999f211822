package com.tally.ingest.reconciliation;

import com.tally.ingest.IngestConfig;
import com.tally.schemas.PaymentKind;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /reconciliation/reports/{provider}?periodStart=…&periodEnd=…}: an operator uploads
 * a processor's settlement report. The body is read once, as it streams in, into a file of
 * validated rows ({@link ReportSpool}); a report with any bad row is refused whole, naming every
 * bad row, and appends nothing; a good one is appended in one transaction
 * ({@link SettlementAppender}). docs/RECONCILIATION.md describes the formats and the answers.
 */
public final class ReportUpload {

    private static final Logger log = LoggerFactory.getLogger(ReportUpload.class);

    private final Map<String, ReportFormat> formats;
    private final SettlementAppender appender;
    private final long maxBytes;
    private final Path spoolDir;

    /**
     * @param processors the payment processors ingest knows: Stripe's reports are Stripe's own
     *                   format, every other processor's the canonical CSV
     */
    public ReportUpload(List<String> processors, SettlementAppender appender, long maxBytes, Path spoolDir) {
        var known = new LinkedHashMap<String, ReportFormat>();
        processors.forEach(name -> known.put(name, formatFor(name)));
        this.formats = Map.copyOf(known);
        this.appender = appender;
        this.maxBytes = maxBytes;
        this.spoolDir = spoolDir;
    }

    static ReportFormat formatFor(String processor) {
        return processor.equals("stripe") ? new StripeItemizedReport() : new CanonicalReport();
    }

    public void upload(Context ctx) throws IOException {
        String provider = ctx.pathParam("provider");
        ReportFormat format = formats.get(provider);
        if (format == null) {
            refuse(ctx, HttpStatus.NOT_FOUND, "'" + provider + "' is not a payment processor Tally takes reports from:"
                    + " use one of " + formats.keySet().stream().sorted().toList(), Map.of());
            return;
        }
        var parsed = ReportPeriod.parse(ctx.queryParam("periodStart"), ctx.queryParam("periodEnd"));
        if (parsed instanceof ReportPeriod.Invalid invalid) {
            refuse(ctx, HttpStatus.BAD_REQUEST, "the period is not valid: fix these and send the report again",
                    Map.of("problems", invalid.problems()));
            return;
        }
        ReportPeriod period = ((ReportPeriod.Valid) parsed).period();
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            tooLarge(ctx);
            return;
        }
        Files.createDirectories(spoolDir);
        Path file = Files.createTempFile(spoolDir, "report-", ".rows");
        try {
            var digest = ReportSpool.sha256();
            digest.update((provider + "\n" + period.start() + "\n" + period.end() + "\n").getBytes(StandardCharsets.UTF_8));
            ReportSpool.Spooled spooled;
            try (InputStream body = new DigestInputStream(ReportTooLarge.capped(ctx.bodyInputStream(), maxBytes), digest)) {
                spooled = ReportSpool.spool(body, format, file);
            } catch (ReportTooLarge e) {
                tooLarge(ctx);
                return;
            }
            if (!spooled.good()) {
                log.info("report from {} refused: {} problem(s), the first: {}", provider, spooled.problemCount(), spooled.problems().get(0));
                var details = new LinkedHashMap<String, Object>();
                details.put("format", format.name());
                details.put("problemCount", spooled.problemCount());
                details.put("problems", spooled.problems());
                if (spooled.problemCount() > spooled.problems().size()) {
                    details.put("listed", "the first " + spooled.problems().size() + " of " + spooled.problemCount());
                }
                refuse(ctx, HttpStatus.BAD_REQUEST, "the report is refused whole and nothing was appended: fix every row listed"
                        + " and send the whole report again", details);
                return;
            }
            String reportId = HexFormat.of().formatHex(digest.digest());
            append(ctx, provider, period, spooled, reportId);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void append(Context ctx, String provider, ReportPeriod period, ReportSpool.Spooled spooled, String reportId)
            throws IOException {
        SettlementAppender.Appended appended;
        try {
            appended = appender.append(spooled, provider, reportId, period);
        } catch (SettlementAppender.Busy busy) {
            ctx.header("Retry-After", "10");
            refuse(ctx, HttpStatus.SERVICE_UNAVAILABLE, "another report is being appended on this instance: send this one again"
                    + " when it is done (sending a report twice appends the same rows again, which readers deduplicate)", Map.of());
            return;
        } catch (KafkaException failed) {
            log.warn("report {} from {} not appended: {}", reportId, provider, failed.toString());
            ctx.header("Retry-After", "10");
            refuse(ctx, HttpStatus.SERVICE_UNAVAILABLE, "Kafka did not take the report (" + failed.getMessage() + "), so it may not"
                    + " have been appended: send it again (a repeat appends the same rows, which readers deduplicate)", Map.of());
            return;
        }
        log.info("report {} from {} appended: {} rows for {} to {}", reportId, provider, appended.rows(), period.start(), period.end());
        var answer = new LinkedHashMap<String, Object>();
        answer.put("reportId", reportId);
        answer.put("provider", provider);
        answer.put("periodStart", period.start().toString());
        answer.put("periodEnd", period.end().toString());
        answer.put("rows", appended.rows());
        answer.put("charges", appended.of(PaymentKind.SUCCEEDED));
        answer.put("refunds", appended.of(PaymentKind.REFUNDED));
        answer.put("disputes", appended.of(PaymentKind.DISPUTED));
        answer.put("ignored", appended.of(PaymentKind.UNSUPPORTED));
        answer.put("repeatedRowsSkipped", spooled.skipped().cardinality());
        ctx.status(HttpStatus.ACCEPTED).json(answer);
    }

    private void tooLarge(Context ctx) {
        refuse(ctx, HttpStatus.CONTENT_TOO_LARGE, "the report is larger than the " + maxBytes + " bytes this instance takes ("
                + IngestConfig.RECONCILIATION_MAX_BYTES + "): split it into shorter periods, or raise the limit", Map.of());
    }

    private static void refuse(Context ctx, HttpStatus status, String error, Map<String, ?> details) {
        var body = new LinkedHashMap<String, Object>();
        body.put("error", error);
        body.putAll(details);
        ctx.status(status).json(body);
    }
}
