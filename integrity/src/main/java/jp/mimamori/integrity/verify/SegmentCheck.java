package jp.mimamori.integrity.verify;

import static jp.mimamori.core.finding.VerificationCode.MANIFEST_MODIFIED;
import static jp.mimamori.core.finding.VerificationCode.PROOF_INVALID;
import static jp.mimamori.core.finding.VerificationCode.SIGNATURE_INVALID;
import static jp.mimamori.core.finding.VerificationCode.UNIT_MISSING;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.integrity.keys.VerifyingKey;
import jp.mimamori.integrity.manifest.ManifestFormatException;
import jp.mimamori.integrity.manifest.ManifestSignature;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.manifest.UnitIndex;
import jp.mimamori.integrity.merkle.Merkle;

/** The checks of one segment or clip folder that need nothing but the folder itself. */
final class SegmentCheck {
    static final HexFormat HEX = HexFormat.of();
    /** The most unit files one segment folder may hold before the verifier stops reading. */
    static final int MAX_UNIT_FILES = UnitIndex.MAX_UNITS;

    final RecordingSource.Segment source;
    final String entry;
    final Long folderSeq;
    final List<Finding> findings = new ArrayList<>();
    boolean hasManifest;
    byte[] bytes;
    byte[] hash;
    SegmentManifest manifest;
    ManifestSignature sig;
    boolean sigValid;
    boolean sigHashMatches;

    private SegmentCheck(RecordingSource.Segment source, String entry, Long folderSeq) {
        this.source = source;
        this.entry = entry;
        this.folderSeq = folderSeq;
    }

    Location where() {
        Location at = Location.entry(entry);
        Long seq = manifest != null ? Long.valueOf(manifest.sequence()) : folderSeq;
        return seq == null ? at : at.withSegment(seq);
    }

    Location where(long index) {
        return where().withIndex(index);
    }

    long seq() {
        return manifest.sequence();
    }

    static SegmentCheck load(RecordingSource.Segment source) {
        SegmentCheck c = new SegmentCheck(source, source.entry(), source.folderSequence().orElse(null));
        c.hasManifest = source.hasManifest();
        if (!c.hasManifest) {
            return c;
        }
        try {
            c.bytes = source.manifest(SegmentManifest.MAX_BYTES + 1);
        } catch (IOException e) {
            c.findings.add(Msg.f(MANIFEST_MODIFIED, c.where(), "マニフェストを読めません: " + e.getMessage(),
                    "manifest cannot be read: " + e.getMessage()));
            c.bytes = new byte[0];
        }
        c.hash = sha256(c.bytes);
        try {
            c.manifest = SegmentManifest.parse(c.bytes);
        } catch (ManifestFormatException e) {
            c.findings.add(Msg.f(MANIFEST_MODIFIED, c.where(), "マニフェストが正しい形式ではありません (改変の疑い): "
                    + e.getMessage(), "manifest is not a well-formed segment manifest v1 (modified?): "
                    + e.getMessage()));
        }
        try {
            c.sig = ManifestSignature.parse(source.signature(16 * 1024));
        } catch (IOException | ManifestFormatException e) {
            c.findings.add(Msg.f(SIGNATURE_INVALID, c.where(), "署名ファイルがないか読めません: " + e.getMessage(),
                    "signature file is missing or unreadable: " + e.getMessage()));
        }
        if (c.manifest != null && c.sig != null) {
            c.sigHashMatches = Arrays.equals(c.sig.signedSha256(), c.hash);
            boolean idsMatch = c.sig.keyId().equals(keyIdOf(c.sig.publicKey()))
                    && c.sig.keyId().equals(c.manifest.keyId()) && c.sig.sigAlg().equals(c.manifest.sigAlg());
            c.sigValid = idsMatch && verifies(c.sig, c.bytes);
        }
        c.checkUnits();
        return c;
    }

    private static boolean verifies(ManifestSignature sig, byte[] data) {
        try {
            VerifyingKey k = VerifyingKey.fromSpkiDer(sig.publicKey());
            if (!k.algorithm().wireName().equals(sig.sigAlg())) {
                return false;
            }
            k.verify(sig.signature(), data);
            return true;
        } catch (Exception e) {
            // Hostile key or signature bytes: any failure means "does not verify".
            return false;
        }
    }

    /** The key id of an SPKI DER as the keys package defines it (canonical form), or null if not a key. */
    static String keyIdOf(byte[] spki) {
        try {
            return VerifyingKey.fromSpkiDer(spki).keyId();
        } catch (Exception e) {
            return null;
        }
    }

    private void checkUnits() {
        UnitIndex idx;
        try {
            idx = source.unitIndex();
        } catch (IOException | ManifestFormatException | IllegalArgumentException e) {
            findings.add(Msg.f(PROOF_INVALID, where(), "ユニット索引がないか読めません: " + e.getMessage(),
                    "unit index is missing or unreadable: " + e.getMessage()));
            return;
        }
        if (manifest != null) {
            if (!idx.camera().equals(manifest.camera()) || idx.sequence() != manifest.sequence()
                    || idx.unitCount() != manifest.unitCount()) {
                findings.add(Msg.f(PROOF_INVALID, where(), "ユニット索引が別のセグメント (" + idx.camera() + " "
                        + idx.sequence() + ", " + idx.unitCount() + " ユニット) を指しています",
                        "unit index names another segment (" + idx.camera() + " " + idx.sequence() + ", "
                                + idx.unitCount() + " units)"));
            } else if (idx.firstIndex() == 0 && idx.units().size() == idx.unitCount()) {
                List<byte[]> leaves = new ArrayList<>(idx.units().size());
                for (int i = 0; i < idx.units().size(); i++) {
                    leaves.add(Merkle.leafHash(idx.leaf(i)));
                }
                if (!Arrays.equals(Merkle.root(leaves), manifest.merkleRoot())) {
                    findings.add(Msg.f(PROOF_INVALID, where(), "ユニット索引が署名済みの Merkle ルートと一致しません",
                            "unit index does not match the signed Merkle root"));
                }
            } else {
                for (int i = 0; i < idx.units().size(); i++) {
                    long index = idx.firstIndex() + i;
                    boolean ok;
                    try {
                        Merkle.verifyInclusion(Merkle.leafHash(idx.leaf(i)), index, idx.unitCount(), idx.units().get(i).proof(),
                                manifest.merkleRoot());
                        ok = true;
                    } catch (Exception e) {
                        ok = false;
                    }
                    if (!ok) {
                        findings.add(Msg.f(PROOF_INVALID, where(index), "ユニット " + index
                                + " の包含証明が署名済みの Merkle ルートに対して成り立ちません",
                                "inclusion proof of unit " + index + " does not verify against the signed Merkle root"));
                    }
                }
            }
        }
        byte[][] exp = new byte[idx.units().size()][];
        for (int i = 0; i < exp.length; i++) {
            exp[i] = idx.units().get(i).hash();
        }
        RecordingSource.Units units = source.units(idx);
        List<byte[]> found;
        if (units instanceof RecordingSource.Units.Unreadable u) {
            findings.add(Msg.f(UNIT_MISSING, where(), "セグメントのユニットを読めません: " + u.reason().ja(),
                    "the segment's units cannot be read: " + u.reason().en()));
            return;
        } else if (units instanceof RecordingSource.Units.Contiguous b) {
            checkOffsets(idx, b.offsets());
            found = UnitCut.cut(idx, b);
            try {
                b.bytes().close();
            } catch (IOException e) {
                // Closing a read-only source failed: what was read stands.
            }
        } else {
            found = ((RecordingSource.Units.Hashes) units).hashes();
        }
        byte[][] act = found.toArray(new byte[0][]);
        UnitAlignment.report(exp, act, idx.firstIndex(), this, findings);
    }

    /** The stored offsets (a cache for random access) must be where the units before each end. */
    private void checkOffsets(UnitIndex idx, long[] offsets) {
        long at = 0;
        for (int i = 0; i < offsets.length && i < idx.units().size(); i++) {
            if (offsets[i] != at) {
                long index = idx.firstIndex() + i;
                findings.add(Msg.f(PROOF_INVALID, where(index), "ユニット索引: ユニット " + index + " の開始位置 "
                        + offsets[i] + " が、それまでのユニットの終わり (" + at + ") と一致しません",
                        "unit index: unit " + index + " is said to start at " + offsets[i]
                                + ", but the units before it end at " + at));
                return;
            }
            at += idx.units().get(i).length();
        }
    }

    static byte[] hashFile(Path p, MessageDigest md, byte[] buffer) {
        md.reset();
        try (InputStream in = Files.newInputStream(p)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
            }
            return md.digest();
        } catch (IOException e) {
            return new byte[0]; // unreadable: matches nothing, reported as modified or inserted
        }
    }

    static byte[] readLimited(Path p, int max) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) {
                throw new IOException(p.getFileName() + " is larger than " + max + " bytes");
            }
            return b;
        }
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    static byte[] sha256(byte[] b) {
        return digest().digest(b);
    }
}
