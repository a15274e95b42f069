package jp.mimamori.integrity.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.integrity.checkpoint.CheckpointVerifier;
import jp.mimamori.integrity.checkpoint.NoteFormatException;
import jp.mimamori.integrity.log.internal.Frontier;
import jp.mimamori.integrity.merkle.Merkle;
import jp.mimamori.core.internal.io.ConfinedFiles;
import jp.mimamori.core.internal.io.DurableFiles;
import jp.mimamori.integrity.log.internal.LogFiles;
import jp.mimamori.integrity.checkpoint.Checkpoint;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.SignedNote;

/**
 * Signed checkpoints of a log, stored beside it: {@code checkpoints/<size, 20 digits>.checkpoint} (a C2SP
 * signed note), optionally {@code <same name>.tsr} (an RFC 3161 response over the checkpoint file's bytes),
 * and a copy of the newest as {@code checkpoint} at the log folder's root (the name tlog-tiles uses).
 *
 * <pre>{@code
 * Path cp = LogCheckpoints.write(log, signer, List.of(witness), clock.instant());
 * LogCheckpoints.writeTimestamp(cp, tsaResponse);
 * }</pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class LogCheckpoints {
    private LogCheckpoints() {}

    /** The folder of checkpoints inside the log folder. */
    public static final String DIR = "checkpoints";
    /** The newest checkpoint at the log folder's root. */
    public static final String LATEST = "checkpoint";

    /**
     * Signs the log's current tree head as a checkpoint whose origin is the signer's key name, adds the
     * cosigners' cosignatures, and stores it durably — only after proving the log consistent with the signer's own
     * previous checkpoint (C2SP tlog-checkpoint: a log must not sign a checkpoint inconsistent with one it signed
     * before). The stored tree's right edge at the previous size must give the previous signed root, and the
     * records after it are reread from {@code records.log} and hashed, so what is signed is the root of the records
     * as they are, continuing what was signed before; with no previous checkpoint every record is reread. An
     * existing checkpoint file is never overwritten: one of the same size and root is returned as it is.
     *
     * @return the checkpoint file
     * @throws LogIntegrityException {@code LOG_INCONSISTENT} if the log no longer gives the previous signed root (a
     *                               record a checkpoint covers was rewritten) or a checkpoint of this size with
     *                               another root exists; {@code LOG_TRUNCATED} if the log is smaller than the
     *                               previous checkpoint
     */
    public static Path write(TransparentEvidenceLog log, NoteSigner signer, List<NoteSigner> cosigners, Instant now)
            throws IOException {
        Path logDir = log.directory();
        Path dir = logDir.resolve(DIR);
        long n = log.size();
        Checkpoint previous = previous(logDir, signer);
        Frontier edge;
        if (previous == null) {
            edge = new Frontier();
        } else {
            if (previous.size() > n) {
                throw new LogIntegrityException(VerificationCode.LOG_TRUNCATED, logDir + ": the log holds " + n
                        + " records, fewer than the " + previous.size() + " its previous checkpoint signed");
            }
            edge = log.frontierAt(previous.size());
            if (!Arrays.equals(edge.root(), previous.rootHash())) {
                throw new LogIntegrityException(VerificationCode.LOG_INCONSISTENT, logDir + ": the first "
                        + previous.size() + " records no longer give the root of the previous signed checkpoint (a"
                        + " record it covers was rewritten); refusing to sign");
            }
        }
        Frontier f = edge;
        log.forEach(f.size(), n, (i, bytes) -> f.append(Merkle.leafHash(bytes)));
        byte[] root = f.root();
        Path file = dir.resolve(String.format("%020d.checkpoint", n));
        if (ConfinedFiles.kind(logDir, file).isPresent()) {
            byte[] old = BoundedFiles.read(logDir, file, SignedNote.MAX_BYTES);
            Checkpoint c;
            try {
                c = Checkpoint.parseBody(SignedNote.parse(old).text());
            } catch (NoteFormatException e) {
                throw new LogIntegrityException(VerificationCode.LOG_INCONSISTENT, file + ": exists and is not a"
                        + " checkpoint (" + e.getMessage() + "); refusing to overwrite it");
            }
            if (c.size() != n || !Arrays.equals(c.rootHash(), root)) {
                throw new LogIntegrityException(VerificationCode.LOG_INCONSISTENT, file + ": exists with another"
                        + " root for " + n + " records; refusing to overwrite it");
            }
            return file;
        }
        Checkpoint c = new Checkpoint(signer.name(), n, root, List.of());
        SignedNote note = signer.signNote(c.body(), now.getEpochSecond());
        for (NoteSigner co : cosigners) {
            note = note.with(co.sign(c.body(), now.getEpochSecond()));
        }
        Files.createDirectories(dir);
        byte[] bytes = note.encode();
        DurableFiles.replace(file, bytes);
        DurableFiles.replace(logDir.resolve(LATEST), bytes);
        return file;
    }

    /** The newest checkpoint in the folder signed by {@code signer}'s own key (its signature checked), or null. */
    private static Checkpoint previous(Path logDir, NoteSigner signer) throws IOException {
        List<Path> files = new ArrayList<>(list(logDir));
        files.sort(java.util.Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        Path latest = logDir.resolve(LATEST);
        if (ConfinedFiles.kind(logDir, latest).orElse(null) == ConfinedFiles.Kind.FILE) {
            files.add(0, latest);
        }
        Checkpoint best = null;
        for (Path p : files) {
            CheckpointVerifier.Result r = CheckpointVerifier.verify(BoundedFiles.read(logDir, p, SignedNote.MAX_BYTES),
                    List.of(signer.verifier()), Location.entry(p.getFileName().toString()));
            if (r.valid() && (best == null || r.checkpoint().get().size() > best.size())) {
                best = r.checkpoint().get();
            }
            if (best != null && p != latest) {
                break; // newest first: the first of checkpoints/ signed by this key is the newest one
            }
        }
        return best;
    }

    /** Stores an RFC 3161 response over {@code checkpointFile}'s bytes beside it ({@code .tsr}). */
    public static Path writeTimestamp(Path checkpointFile, byte[] response) throws IOException {
        Path tsr = timestampOf(checkpointFile);
        DurableFiles.replace(tsr, response);
        return tsr;
    }

    /** Where the RFC 3161 response over {@code checkpointFile} is kept: {@code <same name>.tsr} beside it. */
    public static Path timestampOf(Path checkpointFile) {
        return checkpointFile.resolveSibling(checkpointFile.getFileName() + ".tsr");
    }

    /**
     * The tree size a checkpoint file of {@link #list} names (its 20 digits); empty when they are beyond a long
     * (not a checkpoint this log wrote).
     */
    public static java.util.OptionalLong sizeOf(Path checkpointFile) {
        try {
            return java.util.OptionalLong.of(Long.parseLong(checkpointFile.getFileName().toString().substring(0, 20)));
        } catch (NumberFormatException e) {
            return java.util.OptionalLong.empty();
        }
    }

    /**
     * The tree size of the newest checkpoint file in {@code checkpoints/}, read from its name (20 digits), or 0:
     * what the writer must never cut below. Signatures are not checked here (the writer holds no trusted keys):
     * a planted file only makes the writer more careful.
     */
    public static long newestSize(Path logDir) throws IOException {
        long best = 0;
        for (Path p : list(logDir)) {
            best = Math.max(best, sizeOf(p).orElse(0));
        }
        return best;
    }

    /**
     * The stored checkpoint files, oldest (smallest) first: regular files only, never through a link (a link,
     * FIFO or device named like a checkpoint is left out here; {@link LogVerifier} reports it).
     *
     * @throws IOException if {@code checkpoints/} is a link, or holds more than twice
     *                     {@code 65,536} entries (checkpoints and their timestamps)
     */
    public static List<Path> list(Path logDir) throws IOException {
        Path dir = logDir.resolve(DIR);
        if (ConfinedFiles.kind(logDir, dir).orElse(null) != ConfinedFiles.Kind.FOLDER) {
            return List.of();
        }
        return ConfinedFiles.list(logDir, dir, 2 * LogFiles.MAX_CHECKPOINTS + 16).files().stream()
                .filter(p -> p.getFileName().toString().matches("[0-9]{20}\\.checkpoint")).toList();
    }
}
