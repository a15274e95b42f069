package jp.mimamori.retention.erase;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import jp.mimamori.core.evidence.ErasureMethod;
import jp.mimamori.core.segment.SegmentRef;

/**
 * Where recorded segments live, as retention needs to see it. The recorder implements it over its own
 * storage; {@link jp.mimamori.retention.store.FileSegmentStore} is the library's file-based one.
 *
 * <p>Called by the erasure engine and the planner, possibly from several threads; implementations must be thread-safe (the library's {@link jp.mimamori.retention.store.FileSegmentStore} is).
 */
public interface ErasableStore {

    /** Index entries of segments not yet erased. */
    List<SegmentRef> list() throws IOException;

    /** The live index entry of {@code camera/sequence}, if any. */
    Optional<SegmentRef> find(String cameraId, long sequence) throws IOException;

    /** The method this store erases with. */
    ErasureMethod method();

    /**
     * Erases the segments' data and removes them from the live index. Must be idempotent: a segment already
     * erased (a resumed erasure after a crash) reports {@code erased} again. Returns one result per segment,
     * in order.
     */
    List<Result> erase(List<SegmentRef> segments) throws IOException;

    /** Keys ({@code camera/sequence}) of stored data files, indexed or not. */
    List<String> fileKeys() throws IOException;

    /** Keys of index entries, live or erased. */
    List<String> entryKeys() throws IOException;

    /** Keys of entries erased with a receipt. */
    List<String> erasedKeys() throws IOException;

    /**
     * The outcome for one segment.
     *
     * <p>Immutable and thread-safe.
     *
     * @param erased whether the data is now unrecoverable by this store's method
     * @param note   what the receipt should say (method caveats, file system, failures)
     */
    record Result(boolean erased, String note) {
        /** Validates the note's presence. */
        public Result {
            java.util.Objects.requireNonNull(note, "note");
        }
    }
}
