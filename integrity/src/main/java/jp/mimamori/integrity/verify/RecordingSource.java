package jp.mimamori.integrity.verify;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.text.LocalizedText;
import jp.mimamori.integrity.manifest.ManifestFormatException;
import jp.mimamori.integrity.manifest.UnitIndex;

/**
 * Where {@link RecordingVerifier} reads a store from: its cameras, each camera's stored segments, and for each
 * segment the manifest, signature, unit index and the recorded bytes. A store format (the recorder module's
 * store v2, plain or encrypted at rest) implements it; the verifier decides what is evidence and what is
 * tampering, the source only reads. Nothing read here is trusted: the verifier checks it all against the signed
 * manifests and the caller's trust store.
 *
 * <p>A source must never follow a link out of its store and must read with hard limits; what it cannot read it
 * reports through the return values ({@link Units.Unreadable}, an {@link IOException}), which the verifier turns
 * into findings. Implementations document their own thread safety; the verifier uses one source from one thread.
 *
 * <pre>{@code
 * RecordingSource source = ...;   // e.g. the recorder module's store v2
 * VerificationReport r = new RecordingVerifier().verify(source, VerifyContext.of(trust));
 * }</pre>
 */
public interface RecordingSource {
    /** The name of the whole source for findings about it (a folder name). */
    String name();

    /** The cameras stored, in a stable order. */
    List<Camera> cameras() throws IOException;

    /** One camera's stored segments. */
    interface Camera {
        /** The camera id (the folder name). */
        String camera();

        /** Every stored segment entry (sealed or not), in storage order. */
        List<Segment> segments() throws IOException;

        /**
         * The recorder's chain state ({@code chain.json}, at most {@code max} bytes), a hint only, or empty if
         * absent or unreadable.
         */
        Optional<byte[]> chainState(int max);
    }

    /** One stored segment entry (a segment folder). */
    interface Segment {
        /** The entry's name for findings ({@code cam-01/000000000003}). */
        String entry();

        /** The sequence number its storage position names, or empty when the name is not a sequence. */
        Optional<Long> folderSequence();

        /** Whether a manifest is stored (a sealed segment); an entry without one is an unsealed or stray one. */
        boolean hasManifest();

        /** The stored manifest bytes, at most {@code max} bytes (more is an {@link IOException}). */
        byte[] manifest(int max) throws IOException;

        /** The stored signature bytes, at most {@code max} bytes. */
        byte[] signature(int max) throws IOException;

        /** The stored unit index, listing the units present with their hashes and lengths. */
        UnitIndex unitIndex() throws IOException, ManifestFormatException;

        /** The recorded units present, as the verifier should compare them to {@code index}; never throws. */
        Units units(UnitIndex index);
    }

    /** The recorded units of a segment as stored. */
    sealed interface Units {
        /**
         * The units stored one by one (one file each), as the SHA-256 of each, in storage order.
         *
         * @param hashes the content hashes (an unreadable unit is an empty array, which matches nothing)
         */
        record Hashes(List<byte[]> hashes) implements Units {
            /** Copies. */
            public Hashes {
                hashes = List.copyOf(Objects.requireNonNull(hashes, "hashes"));
            }
        }

        /**
         * The units stored as one byte sequence, exactly as recorded: the units follow each other with the
         * index's lengths, and {@code offsets} are where the store's index says each starts (a cache for random
         * access, not evidence).
         *
         * @param bytes   the recorded bytes (decrypted where the store encrypts them)
         * @param offsets the stored start offset of each unit of the index, in index order
         */
        record Contiguous(Bytes bytes, long[] offsets) implements Units {
            /** Copies. */
            public Contiguous {
                Objects.requireNonNull(bytes, "bytes");
                offsets = Objects.requireNonNull(offsets, "offsets").clone();
            }

            /** The {@code offsets} component, as a copy. */
            @Override
            public long[] offsets() {
                return offsets.clone();
            }
        }

        /**
         * The recorded bytes cannot be read at all (a missing or damaged data key, a file that is not a
         * regular file in the store): the verifier reports every unit as missing with this reason.
         *
         * @param reason why, in Japanese and English
         */
        record Unreadable(LocalizedText reason) implements Units {
            /** Validates. */
            public Unreadable {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    /**
     * Random access to a segment's recorded bytes. A read may fail part-way (a damaged encrypted chunk): the
     * verifier treats the bytes from there on as absent.
     */
    interface Bytes extends Closeable {
        /** The number of recorded bytes available. */
        long size() throws IOException;

        /**
         * Reads up to {@code dst.remaining()} bytes starting at {@code position}; returns the number read, or -1
         * at or past the end.
         */
        int read(long position, ByteBuffer dst) throws IOException;
    }
}
