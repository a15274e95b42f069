package jp.mimamori.cli.retention;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.mimamori.core.evidence.EvidenceLog;
import jp.mimamori.core.evidence.EvidenceReceipt;
import jp.mimamori.core.evidence.EvidenceRecord;

/**
 * A durable JSON-lines evidence log (forced per batch; a torn last line is cut on open). Not tamper-evident:
 * it stands in until the CLI wires the integrity module's log, and can forward every record to another log.
 */
final class LocalEvidenceLog implements EvidenceLog, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FileChannel ch;
    private final EvidenceLog also;
    private long size;

    private LocalEvidenceLog(FileChannel ch, EvidenceLog also, long size) {
        this.ch = ch;
        this.also = also;
        this.size = size;
    }

    /** Opens the file; {@code also} (may be {@code null}) receives a copy of every record. */
    static LocalEvidenceLog open(Path file, EvidenceLog also) throws IOException {
        byte[] all = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        int valid = 0;
        long n = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                valid = i + 1;
                n++;
            }
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ch.truncate(valid);
        ch.position(valid);
        return new LocalEvidenceLog(ch, also, n);
    }

    @Override
    public synchronized EvidenceReceipt append(EvidenceRecord record) throws IOException {
        return appendAll(List.of(record)).get(0);
    }

    @Override
    public synchronized List<EvidenceReceipt> appendAll(List<EvidenceRecord> records) throws IOException {
        StringBuilder sb = new StringBuilder();
        List<String> lines = new ArrayList<>();
        for (EvidenceRecord r : records) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", r.type());
            m.put("occurred_at", r.occurredAt().toString());
            m.put("body", r.body());
            String line = JSON.writeValueAsString(m);
            lines.add(line);
            sb.append(line).append('\n');
        }
        ByteBuffer b = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
        ch.force(false);
        if (also != null) {
            also.appendAll(records);
        }
        List<EvidenceReceipt> out = new ArrayList<>();
        for (String line : lines) {
            out.add(new EvidenceReceipt(size++, sha256(line)));
        }
        return out;
    }

    private static String sha256(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((byte) 0);
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized long size() {
        return size;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
