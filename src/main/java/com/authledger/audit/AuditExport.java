package com.authledger.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Writes the audit trail as JSON Lines or CSV. CSV cells that a spreadsheet would read as a formula (starting with
 * = + - @, or a tab or carriage return) are prefixed with a single quote (OWASP's CSV injection advice).
 */
@Component
public class AuditExport {

    public enum Format {
        JSONL("application/jsonl"), CSV("text/csv");

        private final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }
    }

    static final String[] CSV_HEADER = {"event_id", "occurred_at", "pool_id", "scope", "change", "version", "actor",
            "source_ip", "user_agent", "request_id", "reason", "user_sub", "username", "initiated_by", "notified_users", "before", "after"};

    private final AuditQueries queries;
    private final ObjectMapper json;

    AuditExport(AuditQueries queries, ObjectMapper json) {
        this.queries = queries;
        this.json = json;
    }

    public void write(AuditFilter filter, Format format, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        try {
            if (format == Format.JSONL) {
                writeJsonLines(filter, writer);
            } else {
                writeCsv(filter, writer);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writer.flush();
    }

    private void writeJsonLines(AuditFilter filter, Writer writer) {
        queries.forEach(filter, entry -> {
            try {
                writer.write(json.writeValueAsString(entry));
                writer.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void writeCsv(AuditFilter filter, Writer writer) throws IOException {
        CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(CSV_HEADER).get());
        queries.forEach(filter, entry -> {
            try {
                csv.printRecord(cell(entry.eventId()), cell(entry.occurredAt()), cell(entry.poolId()),
                        cell(entry.scope()), cell(entry.change()), cell(entry.version()), cell(entry.actor()),
                        cell(entry.sourceIp()), cell(entry.userAgent()), cell(entry.requestId()),
                        cell(entry.reason()), cell(entry.userSub()), cell(entry.username()),
                        cell(entry.initiatedBy()), cell(entry.notifiedUsers()), cell(entry.before()),
                        cell(entry.after()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        csv.flush();
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }
}
