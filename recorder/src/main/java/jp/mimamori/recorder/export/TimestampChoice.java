package jp.mimamori.recorder.export;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.ConfinedFiles;
import jp.mimamori.integrity.bundle.BundleTimestamp;
import jp.mimamori.integrity.checkpoint.Checkpoint;
import jp.mimamori.integrity.checkpoint.CheckpointVerifier;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.checkpoint.SignedNote;
import jp.mimamori.integrity.log.LogCheckpoints;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.merkle.Merkle;
import jp.mimamori.integrity.merkle.ProofException;
import jp.mimamori.integrity.timestamp.TimestampAuthority;
import jp.mimamori.integrity.timestamp.TimestampVerifier;
import jp.mimamori.integrity.timestamp.Timestamps;

/**
 * Which of the log's timestamped checkpoints ({@code checkpoints/N.checkpoint} with its {@code .tsr}) a bundle
 * carries (docs/FORMATS.md "Export bundle v1", the workflow's step 4; K3-2-4, K3-4): for its oldest and its newest
 * completeness record and its disclosure record, the smallest timestamped checkpoint that covers it — the earliest
 * time the log shows it held them — at most three (the disclosure record's can only be the bundle's own checkpoint,
 * timestamped when the exporter has a TSA). Only a usable one counts: signed by the log's key under its name, of the size its file name
 * gives, its root the log's at that size (the consistency proof to the bundle's checkpoint verifies), and its
 * response a sound RFC 3161 token over its bytes; the exporter holds no TSA root, so who issued it is for the
 * recipient's verifier to check. Stateless.
 */
final class TimestampChoice {
    private TimestampChoice() {}

    /**
     * The timestamps for a bundle whose completeness records are {@code completeness} (ascending) and whose
     * checkpoint {@code checkpoint} the log's key {@code logKey} signed, ascending by tree size.
     */
    static List<BundleTimestamp> choose(TransparentEvidenceLog log, NoteVerifier logKey, List<Long> completeness,
                                        long disclosure, Checkpoint checkpoint) throws IOException {
        List<Long> targets = new ArrayList<>();
        if (!completeness.isEmpty()) {
            targets.add(completeness.get(0));
            targets.add(completeness.get(completeness.size() - 1));
        }
        targets.add(disclosure);
        Path dir = log.directory();
        TreeMap<Long, Path> stamped = new TreeMap<>();
        for (Path f : LogCheckpoints.list(dir)) {
            long n = LogCheckpoints.sizeOf(f).orElse(0); // 0: beyond a long, not a checkpoint this log wrote
            if (n >= 1 && n <= checkpoint.size()
                    && ConfinedFiles.kind(dir, LogCheckpoints.timestampOf(f)).orElse(null) == ConfinedFiles.Kind.FILE) {
                stamped.put(n, f);
            }
        }
        TreeMap<Long, BundleTimestamp> out = new TreeMap<>();
        for (long record : targets) {
            for (Path f : stamped.tailMap(record, false).values()) {
                Optional<BundleTimestamp> t = usable(log, dir, f, logKey, checkpoint);
                if (t.isPresent()) {
                    out.put(t.get().treeSize(), t.get());
                    break;
                }
            }
        }
        return new ArrayList<>(out.values()); // a TreeMap by tree size: ascending
    }

    /**
     * Asks {@code tsa} to timestamp the checkpoint file {@code file} ({@code bytes}) unless it has a {@code .tsr}
     * already, and stores the response beside it.
     *
     * @throws IOException if the TSA fails or its response is not a sound token over the checkpoint
     */
    static void stamp(TransparentEvidenceLog log, Path file, byte[] bytes, TimestampAuthority tsa) throws IOException {
        Path dir = log.directory();
        if (ConfinedFiles.kind(dir, LogCheckpoints.timestampOf(file)).isPresent()) {
            return;
        }
        byte[] response = tsa.respond(Timestamps.request(bytes, new SecureRandom()));
        List<jp.mimamori.core.finding.Finding> bad = TimestampVerifier.inspect(response, bytes, Location.NONE)
                .findings().stream().filter(x -> x.code() == VerificationCode.TIMESTAMP_INVALID).toList();
        if (!bad.isEmpty() || response.length > BundleTimestamp.MAX_RESPONSE_BYTES) {
            throw new IOException("the TSA's response is not a sound RFC 3161 token over the checkpoint: "
                    + (bad.isEmpty() ? "larger than " + BundleTimestamp.MAX_RESPONSE_BYTES + " bytes"
                    : bad.get(0).message().en()) + " / TSA の応答がチェックポイントのタイムスタンプとして正しくありません");
        }
        LogCheckpoints.writeTimestamp(file, response);
    }

    /** The timestamp of checkpoint file {@code f}, when it is usable (see the class description). */
    private static Optional<BundleTimestamp> usable(TransparentEvidenceLog log, Path dir, Path f, NoteVerifier logKey,
                                                    Checkpoint checkpoint) throws IOException {
        byte[] bytes;
        byte[] tsr;
        try {
            bytes = BoundedFiles.read(dir, f, SignedNote.MAX_BYTES);
            tsr = BoundedFiles.read(dir, LogCheckpoints.timestampOf(f), BundleTimestamp.MAX_RESPONSE_BYTES);
        } catch (IOException e) {
            return Optional.empty(); // a link, a device or too large: log verify reports it
        }
        CheckpointVerifier.Result r = CheckpointVerifier.verify(bytes, List.of(logKey), Location.NONE);
        long n = LogCheckpoints.sizeOf(f).orElseThrow(); // choose() took only files whose size it read
        if (!r.valid() || r.checkpoint().get().size() != n
                || !r.checkpoint().get().origin().equals(checkpoint.origin())) {
            return Optional.empty();
        }
        List<byte[]> proof = log.consistencyProof(n, checkpoint.size()).path();
        try {
            Merkle.verifyConsistency(n, checkpoint.size(), proof, r.checkpoint().get().rootHash(),
                    checkpoint.rootHash());
        } catch (ProofException e) {
            return Optional.empty(); // not the log's root at that size: log verify reports it
        }
        boolean damaged = TimestampVerifier.inspect(tsr, bytes, Location.NONE).findings().stream()
                .anyMatch(x -> x.code() == VerificationCode.TIMESTAMP_INVALID);
        return damaged ? Optional.empty() : Optional.of(new BundleTimestamp(n, bytes, tsr, proof));
    }
}
