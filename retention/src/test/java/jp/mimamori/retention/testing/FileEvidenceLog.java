package jp.mimamori.retention.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.mimamori.core.evidence.EvidenceLog;
import jp.mimamori.core.evidence.EvidenceReceipt;
import jp.mimamori.core.evidence.EvidenceRecord;

/**
 * A durable (fsync per batch) JSON-lines evidence log for the kill tests, standing in for the integrity
 * module's tamper-evident log: a record is acknowledged only once forced; a torn last line is cut on open.
 */
public final class FileEvidenceLog implements EvidenceLog, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FileChannel ch;
    private final List<EvidenceRecord> records = new ArrayList<>();

    private FileEvidenceLog(FileChannel ch) {
        this.ch = ch;
    }

    /** Opens (creating) the log, cutting a torn last line. */
    @SuppressWarnings("unchecked")
    public static FileEvidenceLog open(Path file) throws IOException {
        byte[] all = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        FileEvidenceLog log = new FileEvidenceLog(ch);
        int pos = 0;
        int valid = 0;
        while (pos < all.length) {
            int nl = pos;
            while (nl < all.length && all[nl] != '\n') {
                nl++;
            }
            if (nl == all.length) {
                break;
            }
            try {
                Map<String, Object> m = JSON.readValue(new String(all, pos, nl - pos, StandardCharsets.UTF_8),
                        Map.class);
                log.records.add(EvidenceRecord.of((String) m.get("type"), Instant.parse((String) m.get("at")),
                        (Map<String, Object>) m.get("body")));
            } catch (IOException | RuntimeException e) {
                if (nl + 1 < all.length) {
                    throw new IOException(file + ": corrupt line at byte " + pos, e);
                }
                break;
            }
            pos = nl + 1;
            valid = pos;
        }
        ch.truncate(valid);
        ch.force(true);
        ch.position(valid);
        return log;
    }

    @Override
    public synchronized EvidenceReceipt append(EvidenceRecord record) throws IOException {
        return appendAll(List.of(record)).get(0);
    }

    @Override
    public synchronized List<EvidenceReceipt> appendAll(List<EvidenceRecord> batch) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (EvidenceRecord r : batch) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", r.type());
            m.put("at", r.occurredAt().toString());
            m.put("body", r.body());
            sb.append(JSON.writeValueAsString(m)).append('\n');
        }
        ByteBuffer b = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
        ch.force(false);
        List<EvidenceReceipt> out = new ArrayList<>();
        for (EvidenceRecord r : batch) {
            records.add(r);
            out.add(new EvidenceReceipt(records.size() - 1L, hash(r)));
        }
        return out;
    }

    private static String hash(EvidenceRecord r) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((r.type() + r.occurredAt() + r.body()).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized long size() {
        return records.size();
    }

    /** All records. */
    public synchronized List<EvidenceRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
