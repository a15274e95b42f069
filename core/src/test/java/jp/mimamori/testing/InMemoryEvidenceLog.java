package jp.mimamori.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import jp.mimamori.core.evidence.EvidenceLog;
import jp.mimamori.core.evidence.EvidenceReceipt;
import jp.mimamori.core.evidence.EvidenceRecord;

/**
 * An {@link EvidenceLog} in memory, for tests (in the core test jar). Not tamper-evident and not durable: use the
 * file-backed log from the {@code integrity} module in production. Its leaf hash is SHA-256 over 0x00 and a
 * simple text form of the record, which is not the canonical encoding of the durable log.
 */
public final class InMemoryEvidenceLog implements EvidenceLog {
    private final List<EvidenceRecord> records = new ArrayList<>();

    @Override
    public synchronized EvidenceReceipt append(EvidenceRecord record) {
        records.add(record);
        return new EvidenceReceipt(records.size() - 1L, hash(record));
    }

    @Override
    public synchronized long size() {
        return records.size();
    }

    /** A snapshot of all records in append order. */
    public synchronized List<EvidenceRecord> records() {
        return List.copyOf(records);
    }

    private static String hash(EvidenceRecord r) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((byte) 0);
            md.update((r.type() + "\n" + r.occurredAt() + "\n" + r.body()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
