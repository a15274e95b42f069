package jp.mimamori.integrity.log;

import java.io.IOException;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.integrity.log.internal.RecordCodec;

/**
 * What can be read from an evidence log: its size, records, leaf hashes, roots and RFC 9162 proofs. The writer
 * ({@link TransparentEvidenceLog}) and the read-only reader ({@link LogReader}) both offer it, so the register, the
 * proof documents and the audit tools read either.
 *
 * <pre>{@code
 * try (LogReader log = LogReader.open(Path.of("log"))) {
 *     LogView view = log;
 *     InclusionProof p = view.inclusionProof(3, view.size());
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 */
public interface LogView {
    /** Number of records. */
    long size();

    /** The root hash of the first {@code treeSize} records. */
    TreeHead treeHead(long treeSize) throws IOException;

    /** The inclusion proof of record {@code index} in the tree of {@code treeSize} records. */
    InclusionProof inclusionProof(long index, long treeSize) throws IOException;

    /** The consistency proof from the tree of {@code fromSize} records to the tree of {@code toSize}. */
    ConsistencyProof consistencyProof(long fromSize, long toSize) throws IOException;

    /** The leaf hash of record {@code index}. */
    byte[] leafHash(long index) throws IOException;

    /** The canonical bytes of record {@code index}. */
    byte[] recordBytes(long index) throws IOException;

    /** Record {@code index}, decoded. */
    default EvidenceRecord record(long index) throws IOException {
        return RecordCodec.decode(recordBytes(index));
    }

    /** Visits records {@code [from, to)} in order, reading the file sequentially. */
    void forEach(long from, long to, RecordVisitor visitor) throws IOException;

    /**
     * Receives records from {@link #forEach}.
     *
     * <p>Called on the thread that calls {@code forEach}, one record at a time; need not be thread-safe.
     */
    @FunctionalInterface
    interface RecordVisitor {
        /** One record's index and canonical bytes. */
        void visit(long index, byte[] canonical) throws IOException;
    }
}
