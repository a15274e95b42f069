package jp.mimamori.integrity.verify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.manifest.ManifestSignature;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.store.internal.StoreLayout;
import jp.mimamori.integrity.testutil.Recordings;

/** Every single change invariant 4 names, applied to a sealed store, with the code the verifier must report. */
enum Mutations {
    FLIP_UNIT_BIT(VerificationCode.UNIT_MODIFIED),
    DROP_UNIT(VerificationCode.UNIT_MISSING),
    INSERT_UNIT(VerificationCode.UNIT_INSERTED),
    SWAP_UNITS(VerificationCode.UNIT_REORDERED),
    REPLAY_UNIT(VerificationCode.UNIT_REPLAYED),
    DROP_SEGMENT(VerificationCode.SEGMENT_MISSING),
    INSERT_FOREIGN_SEGMENT(VerificationCode.SEGMENT_INSERTED),
    SWAP_SEGMENTS(VerificationCode.SEGMENT_REORDERED),
    REPLAY_SEGMENT(VerificationCode.SEGMENT_REPLAYED),
    EDIT_MANIFEST(VerificationCode.MANIFEST_MODIFIED),
    FLIP_SIGNATURE_BIT(VerificationCode.SIGNATURE_INVALID),
    SWAP_SIGNATURES(VerificationCode.SIGNATURE_INVALID),
    RESIGN_WITH_UNTRUSTED_KEY(VerificationCode.KEY_UNTRUSTED),
    RESIGN_WITH_WRONG_PREVIOUS(VerificationCode.CHAIN_BROKEN);

    final VerificationCode expected;

    Mutations(VerificationCode expected) {
        this.expected = expected;
    }

    /** Applies this mutation to the camera folder; returns a description, or null if the recording is too small. */
    String apply(Path cam, Random r, Path foreignCam, SigningKey legit) throws Exception {
        List<Path> segs = segments(cam);
        Path seg = segs.get(r.nextInt(segs.size()));
        List<Path> units = units(seg);
        switch (this) {
            case FLIP_UNIT_BIT -> {
                Path u = units.get(r.nextInt(units.size()));
                byte[] b = Files.readAllBytes(u);
                int bit = r.nextInt(b.length * 8);
                b[bit / 8] ^= (byte) (1 << (bit % 8));
                Files.write(u, b);
                return "flip bit " + bit + " of " + cam.relativize(u);
            }
            case DROP_UNIT -> {
                Path u = units.get(r.nextInt(units.size()));
                Files.delete(u);
                return "drop " + cam.relativize(u);
            }
            case INSERT_UNIT -> {
                int k = r.nextInt(units.size());
                byte[] b = new byte[8 + r.nextInt(40)];
                r.nextBytes(b);
                Path u = units.get(k).resolveSibling(units.get(k).getFileName() + "x");
                Files.write(u, b);
                return "insert " + cam.relativize(u);
            }
            case SWAP_UNITS -> {
                if (units.size() < 2) {
                    return null;
                }
                int a = r.nextInt(units.size());
                int c = (a + 1 + r.nextInt(units.size() - 1)) % units.size();
                byte[] ba = Files.readAllBytes(units.get(a));
                Files.write(units.get(a), Files.readAllBytes(units.get(c)));
                Files.write(units.get(c), ba);
                return "swap units " + a + " and " + c + " of " + cam.relativize(seg);
            }
            case REPLAY_UNIT -> {
                Path u = units.get(r.nextInt(units.size()));
                Path copy = units.get(r.nextInt(units.size()));
                Files.copy(u, copy.resolveSibling(copy.getFileName() + "r"));
                return "replay " + cam.relativize(u) + " after " + copy.getFileName();
            }
            case DROP_SEGMENT -> {
                Recordings.deleteTree(seg);
                return "drop " + cam.relativize(seg);
            }
            case INSERT_FOREIGN_SEGMENT -> {
                List<Path> foreign = segments(foreignCam);
                Path f = foreign.get(r.nextInt(foreign.size()));
                Path to = cam.resolve(StoreLayout.segmentName(segs.size() + r.nextInt(2)));
                Recordings.deleteTree(to);
                Recordings.copyTree(f, to);
                return "insert foreign " + foreignCam.relativize(f) + " as " + cam.relativize(to);
            }
            case SWAP_SEGMENTS -> {
                if (segs.size() < 2) {
                    return null;
                }
                int a = r.nextInt(segs.size());
                int c = (a + 1 + r.nextInt(segs.size() - 1)) % segs.size();
                Path tmp = cam.resolve("tmp");
                Files.move(segs.get(a), tmp);
                Files.move(segs.get(c), segs.get(a));
                Files.move(tmp, segs.get(c));
                return "swap segments " + a + " and " + c;
            }
            case REPLAY_SEGMENT -> {
                Path to = cam.resolve(StoreLayout.segmentName(segs.size() + r.nextInt(2)));
                Recordings.deleteTree(to);
                Recordings.copyTree(seg, to);
                return "replay " + cam.relativize(seg) + " as " + cam.relativize(to);
            }
            case EDIT_MANIFEST -> {
                SegmentManifest m = manifest(seg);
                SegmentManifest e = switch (r.nextInt(6)) {
                    case 4 -> new SegmentManifest("cam-99", m.sequence(), m.startUs(), m.endUs(), m.unitCount(),
                            m.unitKind(), m.merkleRoot(), m.prevManifestHash(), m.sigAlg(), m.keyId(), m.events());
                    case 5 -> new SegmentManifest(m.camera(), m.sequence() + 1 + r.nextInt(3), m.startUs(), m.endUs(),
                            m.unitCount(), m.unitKind(), m.merkleRoot(), m.prevManifestHash(), m.sigAlg(), m.keyId(),
                            m.events());
                    case 0 -> new SegmentManifest(m.camera(), m.sequence(), m.startUs(), m.endUs() + 1, m.unitCount(),
                            m.unitKind(), m.merkleRoot(), m.prevManifestHash(), m.sigAlg(), m.keyId(), m.events());
                    case 1 -> new SegmentManifest(m.camera(), m.sequence(), m.startUs() - 1_000_000, m.endUs(),
                            m.unitCount(), m.unitKind(), m.merkleRoot(), m.prevManifestHash(), m.sigAlg(), m.keyId(),
                            m.events());
                    case 2 -> new SegmentManifest(m.camera(), m.sequence(), m.startUs(), m.endUs(), m.unitCount(),
                            m.unitKind(), random32(r), m.prevManifestHash(), m.sigAlg(), m.keyId(), m.events());
                    default -> new SegmentManifest(m.camera(), m.sequence(), m.startUs(), m.endUs(), m.unitCount(),
                            SegmentManifest.KIND_TS, m.merkleRoot(), m.prevManifestHash(), m.sigAlg(), m.keyId(),
                            m.events());
                };
                Files.write(seg.resolve(StoreLayout.MANIFEST), e.encode());
                return "edit manifest of " + cam.relativize(seg);
            }
            case FLIP_SIGNATURE_BIT -> {
                ManifestSignature s = ManifestSignature.parse(Files.readAllBytes(seg.resolve(StoreLayout.SIGNATURE)));
                byte[] sig = s.signature();
                sig[r.nextInt(sig.length)] ^= (byte) (1 << r.nextInt(8));
                Files.write(seg.resolve(StoreLayout.SIGNATURE), new ManifestSignature(s.sigAlg(), s.keyId(),
                        s.publicKey(), s.signedSha256(), sig).encode());
                return "flip a signature bit of " + cam.relativize(seg);
            }
            case SWAP_SIGNATURES -> {
                if (segs.size() < 2) {
                    return null;
                }
                int a = r.nextInt(segs.size());
                int c = (a + 1 + r.nextInt(segs.size() - 1)) % segs.size();
                Path sa = segs.get(a).resolve(StoreLayout.SIGNATURE);
                Path sc = segs.get(c).resolve(StoreLayout.SIGNATURE);
                Path tmp = cam.resolve("tmp.sig");
                Files.move(sa, tmp);
                Files.move(sc, sa);
                Files.move(tmp, sc);
                return "swap signatures of segments " + a + " and " + c;
            }
            case RESIGN_WITH_UNTRUSTED_KEY -> {
                SegmentManifest m = manifest(seg);
                SigningKey k = Recordings.otherKey();
                resign(seg, new SegmentManifest(m.camera(), m.sequence(), m.startUs(), m.endUs(), m.unitCount(),
                        m.unitKind(), m.merkleRoot(), m.prevManifestHash(), m.sigAlg(), k.verifyingKey().keyId(),
                        m.events()), k);
                return "re-sign " + cam.relativize(seg) + " with an untrusted key";
            }
            case RESIGN_WITH_WRONG_PREVIOUS -> {
                SegmentManifest m = manifest(seg);
                resign(seg, new SegmentManifest(m.camera(), m.sequence(), m.startUs(), m.endUs(), m.unitCount(),
                        m.unitKind(), m.merkleRoot(), Optional.of(HexFormat.of().formatHex(random32(r))), m.sigAlg(), m.keyId(), m.events()),
                        legit);
                return "re-sign " + cam.relativize(seg) + " with a wrong previous-manifest hash";
            }
            default -> throw new IllegalStateException(name());
        }
    }

    static void resign(Path seg, SegmentManifest m, SigningKey k) throws Exception {
        SignedManifest s = SignedManifest.sign(m, k);
        Files.write(seg.resolve(StoreLayout.MANIFEST), s.bytes(), java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        Files.write(seg.resolve(StoreLayout.SIGNATURE), s.signature().encode());
    }

    static SegmentManifest manifest(Path seg) throws Exception {
        return SegmentManifest.parse(Files.readAllBytes(seg.resolve(StoreLayout.MANIFEST)));
    }

    static byte[] random32(Random r) {
        byte[] b = new byte[32];
        r.nextBytes(b);
        return b;
    }

    static List<Path> segments(Path cam) throws Exception {
        try (Stream<Path> s = Files.list(cam)) {
            return s.filter(p -> StoreLayout.SEGMENT_DIR.matcher(p.getFileName().toString()).matches()).sorted()
                    .toList();
        }
    }

    static List<Path> units(Path seg) throws Exception {
        try (Stream<Path> s = Files.list(seg.resolve(StoreLayout.UNITS))) {
            return new ArrayList<>(s.sorted().toList());
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

}
