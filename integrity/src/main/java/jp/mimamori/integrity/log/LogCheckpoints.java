package jp.mimamori.integrity.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
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
     * cosigners' cosignatures, and stores it durably.
     *
     * @return the checkpoint file
     */
    public static Path write(TransparentEvidenceLog log, NoteSigner signer, List<NoteSigner> cosigners, Instant now)
            throws IOException {
        TreeHead head = log.treeHead();
        Checkpoint c = new Checkpoint(signer.name(), head.size(), head.rootHash(), List.of());
        SignedNote n = signer.signNote(c.body(), now.getEpochSecond());
        for (NoteSigner co : cosigners) {
            n = n.with(co.sign(c.body(), now.getEpochSecond()));
        }
        Path dir = log.directory().resolve(DIR);
        Files.createDirectories(dir);
        Path file = dir.resolve(String.format("%020d.checkpoint", head.size()));
        byte[] bytes = n.encode();
        DurableFiles.replace(file, bytes);
        DurableFiles.replace(log.directory().resolve(LATEST), bytes);
        return file;
    }

    /** Stores an RFC 3161 response over {@code checkpointFile}'s bytes beside it ({@code .tsr}). */
    public static Path writeTimestamp(Path checkpointFile, byte[] response) throws IOException {
        Path tsr = checkpointFile.resolveSibling(checkpointFile.getFileName() + ".tsr");
        DurableFiles.replace(tsr, response);
        return tsr;
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
