package jp.mimamori.integrity.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.integrity.bundle.internal.BundleLayout;
import jp.mimamori.integrity.bundle.internal.StoredZipWriter;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.manifest.ManifestSignature;

/**
 * Writes an export bundle v1 (docs/FORMATS.md "Export bundle v1"): one ZIP whose entries are all STORED, so the
 * media entries' bytes in the archive are the recorded bytes (invariant 7, K3-2-4), in the order the verifier
 * reads them — {@code bundle.json} and its signature, certificate chains, the checkpoint, the disclosure and
 * decision records with their C2SP {@code tlog-proof}s, the completeness records with theirs, each segment's
 * manifest, signature and unit index, and last the media. The signer signs {@code bundle.json}'s exact bytes.
 * The file is written beside {@code out} and moved into place when complete, so a bundle is never seen half
 * written.
 *
 * <pre>{@code
 * BundleWriter.write(Path.of("exports/s-2026-01.zip"), contents, logKey);
 * }</pre>
 *
 * <p>Stateless; thread-safe (one call writes one file).
 */
public final class BundleWriter {
    private BundleWriter() {}

    /** Opens a segment's recorded bytes for reading, from the clip's first unit. */
    @FunctionalInterface
    public interface MediaSource {
        /** A stream of the clip's bytes (at least {@code length} of them). */
        InputStream open() throws IOException;

        /**
         * The clip's bytes as a region of a plain file, when they are stored so (a plain store): the writer then
         * copies them file to file in the kernel instead of through the stream. Empty by default.
         */
        default Optional<FileRegion> region() {
            return Optional.empty();
        }
    }

    /**
     * A region of a plain file holding a clip's recorded bytes as they are.
     *
     * @param file   the file (a store's plain media file)
     * @param offset where the clip starts in it
     */
    public record FileRegion(Path file, long offset) {
        /** Validates. */
        public FileRegion {
            Objects.requireNonNull(file, "file");
            if (offset < 0) {
                throw new IllegalArgumentException("offset: must be >= 0");
            }
        }
    }

    /**
     * A log record with its proof.
     *
     * @param record the record's canonical bytes
     * @param proof  its inclusion proof against the bundle's checkpoint
     */
    public record LogPart(byte[] record, TlogProof proof) {
        /** Copies. */
        public LogPart {
            record = record.clone();
            Objects.requireNonNull(proof, "proof");
        }

        /** The {@code record} component, as a copy. */
        @Override
        public byte[] record() {
            return record.clone();
        }
    }

    /**
     * One segment's part of the bundle.
     *
     * @param clip        the clip as the manifest lists it
     * @param manifest    the segment manifest's exact bytes
     * @param signature   its signature file's bytes
     * @param unitIndex   the unit index ({@code units.json}) of the clip's units, with inclusion proofs when partial
     * @param mediaLength the clip's length in bytes
     * @param media       the clip's recorded bytes
     */
    public record SegmentPart(BundleManifest.Segment clip, byte[] manifest, byte[] signature, byte[] unitIndex,
                              long mediaLength, MediaSource media) {
        /** Copies. */
        public SegmentPart {
            Objects.requireNonNull(clip, "clip");
            manifest = manifest.clone();
            signature = signature.clone();
            unitIndex = unitIndex.clone();
            Objects.requireNonNull(media, "media");
        }

        /** The {@code manifest} component, as a copy. */
        @Override
        public byte[] manifest() {
            return manifest.clone();
        }

        /** The {@code signature} component, as a copy. */
        @Override
        public byte[] signature() {
            return signature.clone();
        }

        /** The {@code unitIndex} component, as a copy. */
        @Override
        public byte[] unitIndex() {
            return unitIndex.clone();
        }
    }

    /**
     * Everything a bundle holds.
     *
     * @param manifest     the bundle manifest
     * @param chainsPem    certificate chains (PEM, leaf first), one per entry of {@code manifest.certificates()}
     * @param checkpoint   the signed checkpoint every proof is against
     * @param disclosure   the disclosure record
     * @param decision     the decision record that permitted it
     * @param completeness the completeness records, in {@code manifest.completeness()} order
     * @param segments     the segments, in {@code manifest.segments()} order
     */
    public record Contents(BundleManifest manifest, List<String> chainsPem, byte[] checkpoint, LogPart disclosure,
                           LogPart decision, List<LogPart> completeness, List<SegmentPart> segments) {
        /** Validates the parts against the manifest. */
        public Contents {
            Objects.requireNonNull(manifest, "manifest");
            chainsPem = List.copyOf(chainsPem);
            checkpoint = checkpoint.clone();
            Objects.requireNonNull(disclosure, "disclosure");
            Objects.requireNonNull(decision, "decision");
            completeness = List.copyOf(completeness);
            segments = List.copyOf(segments);
            if (chainsPem.size() != manifest.certificates().size()) {
                throw new IllegalArgumentException("chainsPem: one per manifest.certificates entry");
            }
            if (completeness.size() != manifest.completeness().size()) {
                throw new IllegalArgumentException("completeness: one per manifest.completeness index");
            }
            if (segments.size() != manifest.segments().size()) {
                throw new IllegalArgumentException("segments: one per manifest.segments entry");
            }
        }

        /** The {@code checkpoint} component, as a copy. */
        @Override
        public byte[] checkpoint() {
            return checkpoint.clone();
        }
    }

    /**
     * Writes the bundle to {@code out}, signing its manifest with {@code signer}.
     *
     * @return the bundle hash: lowercase hex SHA-256 of {@code bundle.json}'s bytes, which fix every byte of the
     *         footage through the segment manifests' Merkle roots (the {@code bundle_hash} of the {@code export}
     *         record and what a recipient's acknowledgement countersigns)
     * @throws IOException     if writing fails or a media source ends early
     * @throws CryptoException if signing fails
     */
    public static String write(Path out, Contents c, SigningKey signer) throws IOException, CryptoException {
        byte[] manifest = c.manifest().encode();
        byte[] sig = new ManifestSignature(signer.algorithm().wireName(), signer.keyId(),
                signer.verifyingKey().spkiDer(), sha256(manifest), signer.sign(manifest)).encode();
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try (StoredZipWriter z = new StoredZipWriter(tmp)) {
            z.add(BundleLayout.MANIFEST, manifest);
            z.add(BundleLayout.SIGNATURE, sig);
            for (int i = 0; i < c.chainsPem().size(); i++) {
                z.add(c.manifest().certificates().get(i), c.chainsPem().get(i).getBytes(StandardCharsets.US_ASCII));
            }
            z.add(BundleLayout.CHECKPOINT, c.checkpoint());
            for (LogPart p : List.of(c.decision(), c.disclosure())) {
                z.add(BundleLayout.record("log", p.proof().index()), p.record());
                z.add(BundleLayout.proof("log", p.proof().index()), p.proof().encode());
            }
            for (LogPart p : c.completeness()) {
                z.add(BundleLayout.record("completeness", p.proof().index()), p.record());
                z.add(BundleLayout.proof("completeness", p.proof().index()), p.proof().encode());
            }
            for (SegmentPart s : c.segments()) {
                String dir = BundleLayout.segmentFolder(s.clip().camera(), s.clip().sequence());
                z.add(dir + "manifest.json", s.manifest());
                z.add(dir + "manifest.sig.json", s.signature());
                z.add(dir + "units.json", s.unitIndex());
            }
            for (SegmentPart s : c.segments()) {
                Optional<FileRegion> region = s.media().region();
                if (region.isPresent()) {
                    z.add(s.clip().media(), s.mediaLength(), region.get().file(), region.get().offset());
                    continue;
                }
                try (InputStream in = s.media().open()) {
                    z.add(s.clip().media(), s.mediaLength(), in);
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        String hash = java.util.HexFormat.of().formatHex(sha256(manifest));
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return hash;
    }

    static byte[] sha256(byte[] b) {
        return digest().digest(b);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
