package jp.mimamori.integrity.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.integrity.bundle.internal.BundleLayout;
import jp.mimamori.integrity.bundle.internal.StoredZipWriter;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.manifest.ManifestFormatException;
import jp.mimamori.integrity.manifest.ManifestSignature;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.manifest.UnitIndex;
import jp.mimamori.integrity.merkle.Merkle;
import jp.mimamori.integrity.merkle.ProofException;

/**
 * Writes an export bundle v1 (docs/FORMATS.md "Export bundle v1"): one ZIP whose entries are all STORED, so the
 * media entries' bytes in the archive are the recorded bytes (invariant 7, K3-2-4), in the order the verifier
 * reads them — {@code bundle.json} and its signature, certificate chains, the checkpoint, the disclosure and
 * decision records with their C2SP {@code tlog-proof}s, the completeness records with theirs, the timestamped
 * checkpoints with their RFC 3161 responses and consistency proofs ({@link BundleTimestamp}), each segment's
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
     * @param timestamps   the timestamped checkpoints, one per entry of {@code manifest.timestamps()}, in its order
     */
    public record Contents(BundleManifest manifest, List<String> chainsPem, byte[] checkpoint, LogPart disclosure,
                           LogPart decision, List<LogPart> completeness, List<SegmentPart> segments,
                           List<BundleTimestamp> timestamps) {
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
            timestamps = List.copyOf(timestamps);
            if (!timestamps.stream().map(BundleTimestamp::treeSize).toList().equals(manifest.timestamps())) {
                throw new IllegalArgumentException("timestamps: one per manifest.timestamps entry, of its tree size");
            }
        }

        /** Contents without timestamps. */
        public Contents(BundleManifest manifest, List<String> chainsPem, byte[] checkpoint, LogPart disclosure,
                        LogPart decision, List<LogPart> completeness, List<SegmentPart> segments) {
            this(manifest, chainsPem, checkpoint, disclosure, decision, completeness, segments, List.of());
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
     * @throws IOException     if writing fails, a media source ends early, or the recorded bytes are not those the
     *                         segment manifests sign (see {@link #write(Path, Contents, SigningKey, Optional)})
     * @throws CryptoException if signing fails
     */
    public static String write(Path out, Contents c, SigningKey signer) throws IOException, CryptoException {
        return write(out, c, signer, Optional.empty());
    }

    /**
     * Writes the bundle to {@code out}, signing its manifest with {@code signer}, and with a recipient certificate
     * also the same bundle encrypted to it ({@link BundleEncryption}: {@code out} with the suffix
     * {@link BundleEncryption#SUFFIX}) — in the same pass: the encryption reads back each part of the plain bundle
     * once it is final, on a thread of its own, so the footage is read from the store once and the plain bundle is
     * never read a second time from the device. Both files are written beside their names, forced to the device
     * and moved into place when complete.
     *
     * <p>The writer does not trust the store: each unit's SHA-256 is compared with its unit index, whose leaves are
     * checked against the segment manifest's Merkle root before anything is written, in the same pass that computes
     * the ZIP's CRC-32 — for a plain file, a helper thread reads the clip beside the kernel's file-to-file copy; for
     * a stream (an encrypted store), a helper thread reads and decrypts while the writing thread hashes and writes. A clip that differs fails the write and no bundle is left (K3-2-4: a disclosure hands over
     * exactly what was recorded, or nothing).
     *
     * @param recipient the recipient's certificate (RSA or EC P-256), or empty for the plain bundle only
     * @return the bundle hash, as {@link #write(Path, Contents, SigningKey)}
     * @throws IOException     if writing fails, a media source ends early or its bytes are not those its segment
     *                         manifest signs
     * @throws CryptoException if signing fails or the certificate's key cannot be used
     */
    public static String write(Path out, Contents c, SigningKey signer, Optional<X509Certificate> recipient)
            throws IOException, CryptoException {
        Objects.requireNonNull(recipient, "recipient");
        byte[] manifest = c.manifest().encode();
        byte[] sig = new ManifestSignature(signer.algorithm().wireName(), signer.keyId(),
                signer.verifyingKey().spkiDer(), sha256(manifest), signer.sign(manifest)).encode();
        List<UnitIndex> indexes = new ArrayList<>();
        for (SegmentPart s : c.segments()) {
            indexes.add(checkedIndex(s));
        }
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Path encrypted = out.resolveSibling(out.getFileName() + BundleEncryption.SUFFIX);
        Path encryptedTmp = encrypted.resolveSibling(encrypted.getFileName() + ".tmp");
        BundleEncryption.Sink copy = null;
        StoredZipWriter z = null;
        try {
            if (recipient.isPresent()) {
                copy = BundleEncryption.open(encryptedTmp, recipient.get());
            }
            z = new StoredZipWriter(tmp, copy);
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
            for (BundleTimestamp t : c.timestamps()) {
                z.add(BundleTimestamp.checkpointEntry(t.treeSize()), t.checkpoint());
                z.add(BundleTimestamp.responseEntry(t.treeSize()), t.response());
                z.add(BundleTimestamp.consistencyEntry(t.treeSize()), t.encodeConsistency());
            }
            for (SegmentPart s : c.segments()) {
                String dir = BundleLayout.segmentFolder(s.clip().camera(), s.clip().sequence());
                z.add(dir + "manifest.json", s.manifest());
                z.add(dir + "manifest.sig.json", s.signature());
                z.add(dir + "units.json", s.unitIndex());
            }
            for (int i = 0; i < c.segments().size(); i++) {
                SegmentPart s = c.segments().get(i);
                UnitCheck check = new UnitCheck(s.clip(), indexes.get(i));
                Optional<FileRegion> region = s.media().region();
                if (region.isPresent()) {
                    z.add(s.clip().media(), s.mediaLength(), region.get().file(), region.get().offset(), check);
                    continue;
                }
                try (InputStream in = s.media().open()) {
                    z.add(s.clip().media(), s.mediaLength(), in, check);
                }
            }
            z.close(); // forces the bundle while the copy finishes; the copy's close forces it
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (copy != null) {
                Files.move(encryptedTmp, encrypted, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | CryptoException | RuntimeException e) {
            if (z != null) {
                z.abandon();
            }
            if (copy != null) {
                copy.abandon();
            }
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(encryptedTmp);
            throw e;
        }
        return java.util.HexFormat.of().formatHex(sha256(manifest));
    }

    /**
     * The clip's unit index, after checking it against its segment manifest: the units bundle.json names, their
     * lengths adding up to the media entry's, and their leaves in the manifest's Merkle tree (the whole tree for a
     * whole segment, each unit's inclusion proof for a partial clip).
     */
    static UnitIndex checkedIndex(SegmentPart s) throws IOException {
        String what = "segment " + s.clip().sequence() + " of camera " + s.clip().camera();
        SegmentManifest m;
        UnitIndex idx;
        try {
            m = SegmentManifest.parse(s.manifest);
            idx = UnitIndex.parse(s.unitIndex);
        } catch (ManifestFormatException e) {
            throw new IOException(what + ": " + e.getMessage(), e);
        }
        long total = 0;
        for (UnitIndex.Entry e : idx.units()) {
            total += e.length();
        }
        if (idx.unitCount() != m.unitCount() || idx.firstIndex() != s.clip().firstUnit()
                || idx.units().size() != s.clip().lastUnit() - s.clip().firstUnit() + 1 || total != s.mediaLength()) {
            throw new IOException(what + ": the unit index does not match the manifest and the clip (units "
                    + s.clip().firstUnit() + " to " + s.clip().lastUnit() + " of " + m.unitCount() + ", "
                    + s.mediaLength() + " bytes)");
        }
        try {
            if (idx.firstIndex() == 0 && idx.units().size() == idx.unitCount()) {
                List<byte[]> leaves = new ArrayList<>(idx.units().size());
                for (int i = 0; i < idx.units().size(); i++) {
                    leaves.add(Merkle.leafHash(idx.leaf(i)));
                }
                if (!MessageDigest.isEqual(Merkle.root(leaves), m.merkleRoot())) {
                    throw new ProofException("the units' Merkle root is not the manifest's");
                }
            } else {
                for (int i = 0; i < idx.units().size(); i++) {
                    Merkle.verifyInclusion(Merkle.leafHash(idx.leaf(i)), idx.firstIndex() + i, idx.unitCount(),
                            idx.units().get(i).proof(), m.merkleRoot());
                }
            }
        } catch (ProofException e) {
            throw new IOException(what + ": the unit index is not the one its signed manifest binds (K3-2-4): "
                    + e.getMessage(), e);
        }
        return idx;
    }

    /** Compares each unit's SHA-256 with its index entry as the clip's bytes stream past. */
    static final class UnitCheck implements StoredZipWriter.Inspector {
        private final BundleManifest.Segment clip;
        private final List<UnitIndex.Entry> units;
        private final MessageDigest md = digest();
        private int unit;
        private long left;

        UnitCheck(BundleManifest.Segment clip, UnitIndex index) {
            this.clip = clip;
            this.units = index.units();
            this.left = units.isEmpty() ? 0 : units.get(0).length();
        }

        @Override
        public void update(byte[] b, int off, int len) throws IOException {
            while (true) {
                completeUnits();
                if (len == 0) {
                    return;
                }
                if (unit >= units.size()) {
                    throw new IOException(clip.media() + ": more bytes than its units");
                }
                int n = (int) Math.min(len, left);
                md.update(b, off, n);
                off += n;
                len -= n;
                left -= n;
            }
        }

        @Override
        public void finish() throws IOException {
            completeUnits();
            if (unit < units.size()) {
                throw new IOException(clip.media() + ": fewer bytes than its units");
            }
        }

        /** Completes every unit whose bytes have all been seen. */
        private void completeUnits() throws IOException {
            while (unit < units.size() && left == 0) {
                if (!MessageDigest.isEqual(md.digest(), units.get(unit).hash())) {
                    throw new IOException("segment " + clip.sequence() + " of camera " + clip.camera() + ", unit "
                            + (clip.firstUnit() + unit) + ": the stored bytes are not those its signed manifest"
                            + " binds (K3-2-4); no bundle is written");
                }
                unit++;
                left = unit < units.size() ? units.get(unit).length() : 0;
            }
        }
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
