package jp.mimamori.integrity.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.ConfinedFiles;
import jp.mimamori.integrity.checkpoint.Checkpoint;
import jp.mimamori.integrity.checkpoint.NoteFormatException;
import jp.mimamori.integrity.checkpoint.SignedNote;
import jp.mimamori.integrity.tiles.TileWriter;

/**
 * Publishes a file-backed log as C2SP {@code tlog-tiles} (docs/FORMATS.md, "Tiles"): the log's newest checkpoint
 * and the records it covers, appended after what the tile folder already holds, read through a {@link LogReader}
 * (nothing in the log folder is written or locked).
 *
 * <pre>{@code
 * long published = LogTiles.publish(Path.of("log"), Path.of("/srv/www/evidence-log"));
 * }</pre>
 *
 * <p>Stateless; thread-safe, but one publisher per tile folder.
 */
public final class LogTiles {
    private LogTiles() {}

    /**
     * Publishes the log in {@code logDir} up to its newest checkpoint ({@code checkpoint}) into {@code tileDir}.
     *
     * @return the published tree size
     * @throws LogIntegrityException {@code CHECKPOINT_MISSING} without a checkpoint; {@code LOG_TRUNCATED} if the
     *                               tile folder holds more than the checkpoint covers; {@code LOG_INCONSISTENT} if
     *                               the records do not give the checkpoint's root after what the tiles hold
     */
    public static long publish(Path logDir, Path tileDir) throws IOException {
        Path cp = logDir.resolve(LogCheckpoints.LATEST);
        if (ConfinedFiles.kind(logDir, cp).isEmpty()) {
            throw new LogIntegrityException(VerificationCode.CHECKPOINT_MISSING, logDir + ": no checkpoint to publish"
                    + " (mimamori log checkpoint signs one)");
        }
        byte[] note = BoundedFiles.read(logDir, cp, SignedNote.MAX_BYTES);
        Checkpoint c;
        try {
            c = Checkpoint.parseBody(SignedNote.parse(note).text());
        } catch (NoteFormatException e) {
            throw new IOException(cp + ": " + e.getMessage(), e);
        }
        long from = TileWriter.publishedSize(tileDir);
        if (from > c.size()) {
            throw new LogIntegrityException(VerificationCode.LOG_TRUNCATED, tileDir + ": already publishes " + from
                    + " records, more than the log's newest checkpoint covers (" + c.size() + ")");
        }
        TileWriter w = TileWriter.open(tileDir, from);
        try (LogReader log = LogReader.open(logDir)) {
            if (log.size() < c.size()) {
                throw new LogIntegrityException(VerificationCode.LOG_TRUNCATED, logDir + ": holds " + log.size()
                        + " records, fewer than its checkpoint covers (" + c.size() + ")");
            }
            log.forEach(from, c.size(), (i, bytes) -> w.append(bytes));
        }
        if (!Arrays.equals(w.root(), c.rootHash())) {
            throw new LogIntegrityException(VerificationCode.LOG_INCONSISTENT, tileDir + ": the tiles extended by the"
                    + " log's records do not give the root of its checkpoint of " + c.size() + " records");
        }
        w.publish(note);
        return c.size();
    }
}
