package jp.mimamori.integrity.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.evidence.ErasureReceipt;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.evidence.SegmentSealed;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.text.LocalizedText;
import jp.mimamori.integrity.checkpoint.Checkpoint;
import jp.mimamori.integrity.checkpoint.CheckpointPolicy;
import jp.mimamori.integrity.checkpoint.CheckpointVerifier;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.checkpoint.SignedNote;
import jp.mimamori.integrity.log.internal.LogScan;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.integrity.log.internal.RecordFile;
import jp.mimamori.integrity.merkle.Merkle;

/**
 * What an evidence log vouches for when a store is verified against it (DESIGN.md invariant 4, K3-4): its
 * {@code segment.sealed} records and {@code erasure.receipt} records, each marked <em>anchored</em> when a
 * signed checkpoint by a trusted log key covers it. A record counts as evidence only when anchored: records after
 * the newest such checkpoint are reported ({@code NOT_ANCHORED}, INFO) and excuse nothing, and a log without any
 * such checkpoint is {@code CHECKPOINT_MISSING} (ERROR), so it cannot make a store VALID.
 *
 * <p>{@link #read(Path, Collection)} reads a log folder read-only (it never opens the log as its writer, never
 * takes its lock): every frame of {@code records.log} is re-read and hashed, each checkpoint is checked against
 * the caller's log keys and against the root of the records it covers, and the log's own verification
 * ({@link LogVerifier}) is part of the findings. It never throws on hostile input.
 *
 * <pre>{@code
 * AnchoredLog log = AnchoredLog.read(Path.of("log"), List.of(NoteVerifier.parse(Files.readString(vkey))));
 * VerificationReport r = new RecordingVerifier().verify(Path.of("store"), VerifyContext.of(trust).withLog(log));
 * }</pre>
 *
 * <p>The log also establishes time: records are appended in order, so an anchored record was written no earlier
 * than the latest time any anchored sealing record or receipt before it claims ({@link #establishedTime(long)}),
 * and a segment the log does not anchor was sealed no earlier than the latest of them ({@link #anchoredUntil()}).
 * The verifier judges a recorder key's retirement or revocation at that time (docs/SECURITY.md G12), not at the
 * time a manifest claims for itself.
 *
 * <p>Immutable and thread-safe. Keeps only the sealing records and receipts (and one 32-byte leaf hash per
 * record while reading).
 */
public final class AnchoredLog {
    /**
     * A record of the log as the verifier reads it.
     *
     * @param index    the record's zero-based index in the log
     * @param anchored whether a signed checkpoint by a trusted log key covers it
     * @param value    the record read strictly
     * @param <T>      the record's type
     */
    public record Entry<T>(long index, boolean anchored, T value) {
        /** Validates. */
        public Entry {
            if (index < 0) {
                throw new IllegalArgumentException("index: must be >= 0");
            }
            Objects.requireNonNull(value, "value");
        }
    }

    private final long size;
    private final long anchoredSize;
    private final List<Finding> findings;
    private final Map<String, List<Entry<SegmentSealed>>> sealed;
    private final Map<String, List<Entry<ErasureReceipt>>> receipts;
    private final TreeMap<Long, Instant> established;

    private AnchoredLog(long size, long anchoredSize, List<Finding> findings,
                        Map<String, List<Entry<SegmentSealed>>> sealed,
                        Map<String, List<Entry<ErasureReceipt>>> receipts, TreeMap<Long, Instant> established) {
        this.size = size;
        this.anchoredSize = anchoredSize;
        this.findings = List.copyOf(findings);
        this.sealed = sealed;
        this.receipts = receipts;
        this.established = established;
    }

    /**
     * A log given as its records in order, of which the first {@code anchoredSize} are covered by a signed
     * checkpoint the caller has checked (for logs kept elsewhere than in a log folder, and for tests).
     *
     * @throws IllegalArgumentException if {@code anchoredSize} is negative or above the number of records
     */
    public static AnchoredLog of(List<EvidenceRecord> records, long anchoredSize) {
        Objects.requireNonNull(records, "records");
        if (anchoredSize < 0 || anchoredSize > records.size()) {
            throw new IllegalArgumentException("anchoredSize: must be 0 to " + records.size());
        }
        Builder b = new Builder(anchoredSize);
        for (int i = 0; i < records.size(); i++) {
            b.add(i, records.get(i));
        }
        return b.build(records.size(), new ArrayList<>());
    }

    /**
     * A log given as some of its records, each at its index in the log, of which those below {@code anchoredSize}
     * are covered by a signed checkpoint the caller has checked (with an inclusion proof each, as an export
     * bundle carries them); {@code size} is the log's size at that checkpoint. The times it establishes
     * ({@link #establishedTime(long)}) are those of the records given: with records left out they can only be
     * earlier than the whole log's.
     *
     * @throws IllegalArgumentException if an index is not below {@code size} or {@code anchoredSize} is out of range
     */
    public static AnchoredLog of(SortedMap<Long, EvidenceRecord> records, long size, long anchoredSize) {
        Objects.requireNonNull(records, "records");
        if (anchoredSize < 0 || anchoredSize > size || (!records.isEmpty() && records.lastKey() >= size)
                || (!records.isEmpty() && records.firstKey() < 0)) {
            throw new IllegalArgumentException("records: indexes from 0 to size - 1; anchoredSize: 0 to size");
        }
        Builder b = new Builder(anchoredSize);
        records.forEach(b::add);
        return b.build(size, new ArrayList<>());
    }

    /**
     * Reads the log folder {@code dir} read-only against the trusted log keys. Never throws: a log that cannot
     * be read is reported (and anchors nothing).
     */
    public static AnchoredLog read(Path dir, Collection<NoteVerifier> logKeys) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(logKeys, "logKeys");
        return read(dir, LogVerifier.Judge.of(logKeys),
                LogVerifier.verify(dir, logKeys, List.of(), Optional.empty()).findings());
    }

    /**
     * Reads the log folder {@code dir} read-only under {@code policy} (G26): only a checkpoint signed by a key the
     * policy's trust store allows the log role and cosigned by at least {@link CheckpointPolicy#witnessThreshold()}
     * trusted witnesses anchors anything. Never throws: a log that cannot be read is reported (and anchors nothing).
     *
     * <pre>{@code
     * AnchoredLog log = AnchoredLog.read(Path.of("log"), CheckpointPolicy.of(trust).withWitnessThreshold(1));
     * }</pre>
     */
    public static AnchoredLog read(Path dir, CheckpointPolicy policy) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(policy, "policy");
        return read(dir, LogVerifier.Judge.of(policy),
                LogVerifier.verify(dir, policy, List.of(), Optional.empty()).findings());
    }

    private static AnchoredLog read(Path dir, LogVerifier.Judge judge, List<Finding> findings) {
        List<Finding> out = new ArrayList<>(findings);
        List<byte[]> leaves = new ArrayList<>();
        List<EvidenceRecord> records = new ArrayList<>();
        List<Long> indexes = new ArrayList<>();
        try {
            readRecords(dir.resolve(TransparentEvidenceLog.RECORDS), leaves, records, indexes);
        } catch (IOException | RuntimeException e) {
            // LogVerifier has reported why the log cannot be read; what was read before stays unanchored.
            leaves.clear();
            records.clear();
            indexes.clear();
        }
        long anchored = anchoredSize(dir, leaves, judge);
        Builder b = new Builder(anchored);
        for (int i = 0; i < records.size(); i++) {
            b.add(indexes.get(i), records.get(i));
        }
        // LogVerifier reports CHECKPOINT_MISSING / NOT_ANCHORED for the same prefix it checks.
        return b.build(leaves.size(), out);
    }

    private static void readRecords(Path file, List<byte[]> leaves, List<EvidenceRecord> records, List<Long> indexes)
            throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = ch.size();
            ByteBuffer h = ByteBuffer.allocate(RecordFile.HEADER.length);
            if (length < h.capacity()) {
                throw new IOException("records.log is shorter than its header");
            }
            RecordFile.readFully(ch, h, 0);
            if (!Arrays.equals(h.array(), RecordFile.HEADER)) {
                throw new IOException("records.log does not start with the mimamori-log v1 header");
            }
            LogScan scan = new LogScan(ch, h.capacity(), length, 0);
            for (LogScan.Item it = scan.next(); it != null; it = scan.next()) {
                if (it.leaf() == null) {
                    continue; // inserted bytes or a torn tail: no record (LogVerifier reports them)
                }
                leaves.add(it.leaf());
                if (it.frame() == null) {
                    continue; // a damaged record: LogVerifier reports it; it names and excuses nothing
                }
                EvidenceRecord r;
                try {
                    r = RecordCodec.decode(it.frame().payload());
                } catch (IllegalArgumentException e) {
                    continue; // LogVerifier reports it; a record that does not decode is nothing to count
                }
                if (EvidenceTypes.SEGMENT_SEALED.equals(r.type()) || EvidenceTypes.ERASURE_RECEIPT.equals(r.type())) {
                    records.add(r);
                    indexes.add(it.position());
                }
            }
        }
    }

    /** The largest size of a checkpoint signed by a trusted log key whose root the records give; 0 if none. */
    private static long anchoredSize(Path dir, List<byte[]> leaves, LogVerifier.Judge judge) {
        List<Path> files = new ArrayList<>();
        try {
            files.addAll(LogCheckpoints.list(dir));
        } catch (IOException e) {
            return 0;
        }
        Path latest = dir.resolve(LogCheckpoints.LATEST);
        if (Files.isRegularFile(latest)) {
            files.add(latest);
        }
        List<LogVerifier.Judged> judged = new ArrayList<>();
        List<LogVerifier.Judged> shortOf = new ArrayList<>();
        for (Path f : files) {
            byte[] bytes;
            try {
                bytes = BoundedFiles.read(f, SignedNote.MAX_BYTES);
            } catch (IOException e) {
                continue;
            }
            CheckpointVerifier.Result r = judge.verify().apply(bytes, Location.entry(f.toString()));
            (r.shortOfWitnessesOnly() ? shortOf : judged).add(new LogVerifier.Judged(f, r));
        }
        judged.addAll(LogVerifier.witnessedElsewhere(judged, shortOf, judge.required()));
        long best = 0;
        for (LogVerifier.Judged j : judged) {
            CheckpointVerifier.Result r = j.result();
            if (!r.valid()) {
                continue;
            }
            Checkpoint c = r.checkpoint().orElseThrow();
            if (c.size() > best && c.size() <= leaves.size()
                    && Arrays.equals(Merkle.root(leaves.subList(0, (int) c.size())), c.rootHash())) {
                best = c.size();
            }
        }
        return best;
    }

    /** Number of records in the log. */
    public long size() {
        return size;
    }

    /** Number of records covered by the newest signed checkpoint by a trusted log key (0 if none). */
    public long anchoredSize() {
        return anchoredSize;
    }

    /**
     * The log's findings: its own verification ({@link LogVerifier}: modified, truncated or inconsistent records,
     * bad checkpoint signatures), {@code CHECKPOINT_MISSING} when nothing is anchored, {@code NOT_ANCHORED} for
     * the records after the newest signed checkpoint.
     */
    public List<Finding> findings() {
        return findings;
    }

    /** The cameras with at least one {@code segment.sealed} record, anchored or not. */
    public Set<String> sealedCameras() {
        return Collections.unmodifiableSet(sealed.keySet());
    }

    /** The {@code segment.sealed} records of {@code camera}, in log order. */
    public List<Entry<SegmentSealed>> sealed(String camera) {
        return sealed.getOrDefault(camera, List.of());
    }

    /** The {@code erasure.receipt} records of {@code camera}, in log order (a malformed receipt is not listed). */
    public List<Entry<ErasureReceipt>> receipts(String camera) {
        return receipts.getOrDefault(camera, List.of());
    }

    /**
     * The time the log establishes for its anchored record {@code index} (a sealing record or a receipt): the
     * latest time claimed by the anchored sealing records and receipts up to and including it. A record appended
     * later cannot claim to be older than what the log already held. Empty when the record is not anchored or is
     * neither a sealing record nor a receipt.
     */
    public Optional<Instant> establishedTime(long index) {
        return Optional.ofNullable(established.get(index));
    }

    /**
     * The latest time the anchored sealing records and receipts claim: what the log does not anchor was sealed no
     * earlier. Empty when nothing is anchored.
     */
    public Optional<Instant> anchoredUntil() {
        return established.isEmpty() ? Optional.empty() : Optional.of(established.lastEntry().getValue());
    }

    /** {@code AnchoredLog[size N, anchored M]}. */
    @Override
    public String toString() {
        return "AnchoredLog[size " + size + ", anchored " + anchoredSize + "]";
    }

    /** Sorts records into sealing records and receipts per camera. */
    private static final class Builder {
        private final long anchoredSize;
        private final Map<String, List<Entry<SegmentSealed>>> sealed = new TreeMap<>();
        private final Map<String, List<Entry<ErasureReceipt>>> receipts = new TreeMap<>();
        private final TreeMap<Long, Instant> established = new TreeMap<>();
        private Instant latest;

        Builder(long anchoredSize) {
            this.anchoredSize = anchoredSize;
        }

        /** Adds record {@code index}; records are added in log order. */
        void add(long index, EvidenceRecord r) {
            boolean anchored = index < anchoredSize;
            if (anchored) {
                // The running latest claimed time: what the log establishes for this record and those after it.
                latest = latest == null || r.occurredAt().isAfter(latest) ? r.occurredAt() : latest;
                established.put(index, latest);
            }
            try {
                if (EvidenceTypes.SEGMENT_SEALED.equals(r.type())) {
                    SegmentSealed s = SegmentSealed.fromRecord(r);
                    sealed.computeIfAbsent(s.camera(), k -> new ArrayList<>()).add(new Entry<>(index, anchored, s));
                } else if (EvidenceTypes.ERASURE_RECEIPT.equals(r.type())) {
                    ErasureReceipt e = ErasureReceipt.fromRecord(r);
                    receipts.computeIfAbsent(e.camera(), k -> new ArrayList<>()).add(new Entry<>(index, anchored, e));
                }
            } catch (InvalidDocumentException e) {
                // A malformed sealing record or receipt is no evidence of anything: it neither names a segment
                // nor excuses one.
            }
        }

        AnchoredLog build(long size, List<Finding> findings) {
            Map<String, List<Entry<SegmentSealed>>> s = new TreeMap<>();
            sealed.forEach((k, v) -> s.put(k, List.copyOf(v)));
            Map<String, List<Entry<ErasureReceipt>>> r = new TreeMap<>();
            receipts.forEach((k, v) -> r.put(k, List.copyOf(v)));
            return new AnchoredLog(size, anchoredSize, findings, Collections.unmodifiableMap(s),
                    Collections.unmodifiableMap(r), new TreeMap<>(established));
        }
    }
}
