package jp.mimamori.recorder.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.bundle.BundleEncryption;
import jp.mimamori.integrity.bundle.BundleManifest;
import jp.mimamori.integrity.verify.BundleVerifier;
import jp.mimamori.recorder.store.internal.StoreV2;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disclosure workflow end to end and the bundle it writes, verified offline (K3-4, S3, invariant 7). */
class DisclosureExportTest {
    @TempDir
    static Path dir;
    static DisclosureFixture fx;
    static Path bundle;
    static DisclosureOutcome.Exported exported;

    @BeforeAll
    static void export() throws Exception {
        fx = new DisclosureFixture(dir.resolve("site"), 5);
        bundle = dir.resolve("exports").resolve("s-1.zip");
        // 09:00:03.3 to 09:00:06.5: segments 1 (from frame 32, widened back to the IDR frame 25), 2 and 3 (to frame 12)
        exported = assertInstanceOf(DisclosureOutcome.Exported.class, fx.export(DisclosureFixture.police("s-1",
                DisclosureFixture.T0.plusMillis(3_300), DisclosureFixture.T0.plusMillis(6_500)), bundle));
    }

    static String text(BundleVerifier.Result r) {
        return r.report().render(Locale.ENGLISH) + r.renderCoverage(Locale.ENGLISH);
    }

    @Test
    @DisplayName("K3-4/S3: a permitted police request gives a bundle that verifies VALID with the city's keys and states its coverage")
    void permitted_bundleVerifiesValid() throws Exception {
        BundleVerifier.Result r = DisclosureFixture.verify(bundle, DisclosureFixture.trust());
        assertTrue(r.report().isValid(), text(r));
        assertTrue(r.renderCoverage(Locale.ENGLISH).contains("this is all the footage the log"), text(r));
    }

    @Test
    @DisplayName("invariant 7: the clip starts at the keyframe before the requested start and says how far it was widened")
    void clip_startsAtKeyframe_widenedAndSaid() throws Exception {
        Map<String, byte[]> e = Repack.read(bundle);
        BundleManifest m = BundleManifest.parse(e.get("bundle.json"));
        assertEquals(3, m.segments().size());
        BundleManifest.Segment first = m.segments().get(0);
        assertEquals(1, first.sequence());
        assertEquals(25, first.firstUnit());
        assertEquals(7, first.widenedUnits());
        assertTrue(first.startsAtKeyframe());
        assertEquals(0, m.segments().get(1).firstUnit());
        assertEquals(49, m.segments().get(1).lastUnit());
        assertEquals(12, m.segments().get(2).lastUnit());
        // the middle segment is exactly the recorded bytes
        assertArrayEquals(TestTs.segment(50, 25, 2), e.get(first.media().replace("000000000001", "000000000002")));
    }

    @Test
    @DisplayName("invariant 7: a plain store's bytes copied file to file give the very bundle an encrypted store gives")
    void plainStore_givesTheSameBundleBytes() throws Exception {
        DisclosureFixture plain = new DisclosureFixture(dir.resolve("plain-site"), 5, false);
        Path copy = dir.resolve("plain.zip");
        plain.export(DisclosureFixture.police("s-1", DisclosureFixture.T0.plusMillis(3_300),
                DisclosureFixture.T0.plusMillis(6_500)), copy);
        assertArrayEquals(Files.readAllBytes(bundle), Files.readAllBytes(copy));
    }

    @Test
    @DisplayName("S3: one byte of a unit changed (CRC left stale) is UNIT_MODIFIED naming the segment and unit")
    void alteredUnit_isUnitModified() throws Exception {
        Path copy = Repack.change(bundle, dir.resolve("altered.zip"), e -> {
            byte[] media = e.get("media/es-gate/000000000002.ts");
            media[188 * 40 + 100] ^= 1;
            return e;
        });
        BundleVerifier.Result r = DisclosureFixture.verify(copy, DisclosureFixture.trust());
        assertFalse(r.report().isValid(), text(r));
        assertTrue(r.report().findings(VerificationCode.UNIT_MODIFIED).stream()
                .anyMatch(f -> f.where().segment().orElse(-1) == 2), text(r));
    }

    @Test
    @DisplayName("invariant 4: a segment withheld from the middle of the range is SEGMENT_MISSING, and the bundle is not the logged disclosure")
    void withheldSegment_isMissing() throws Exception {
        Path copy = Repack.change(bundle, dir.resolve("withheld.zip"), e -> {
            e.keySet().removeIf(n -> n.contains("es-gate/000000000002"));
            return e;
        });
        BundleVerifier.Result r = DisclosureFixture.verify(copy, DisclosureFixture.trust());
        assertFalse(r.report().isValid(), text(r));
        assertTrue(r.report().findings(VerificationCode.SEGMENT_MISSING).stream()
                .anyMatch(f -> f.where().segment().orElse(-1) == 2), text(r));
    }

    @Test
    @DisplayName("S3: a bundle re-bound to another recipient, even re-signed with the city's key, is DISCLOSURE_MISMATCH")
    void otherRecipient_isDisclosureMismatch() throws Exception {
        Path copy = Repack.change(bundle, dir.resolve("other.zip"), e -> {
            try {
                BundleManifest m = BundleManifest.parse(e.get("bundle.json"));
                BundleManifest other = new BundleManifest(m.disclosureId(), m.disclosure(),
                        new BundleManifest.Recipient("某新聞社 (a newspaper)", m.recipient().identityCheck(),
                                m.recipient().identityReference()), m.purpose(), m.requestId(), m.requestReference(),
                        m.export(), m.ranges(), m.segments(), m.completeness(), m.log(), m.certificates());
                Repack.resign(e, other, DisclosureFixture.LOG);
                return e;
            } catch (Exception x) {
                throw new IllegalStateException(x);
            }
        });
        BundleVerifier.Result r = DisclosureFixture.verify(copy, DisclosureFixture.trust());
        assertFalse(r.report().isValid(), text(r));
        assertTrue(r.report().has(VerificationCode.DISCLOSURE_MISMATCH), text(r));
    }

    @Test
    @DisplayName("K3-4: the disclosure and its decision are in the log; the bundle file is exactly what the export record names")
    void logged() throws Exception {
        assertTrue(exported.disclosureLogIndex() > exported.decisionLogIndex());
        assertTrue(Files.size(bundle) > 0);
        assertEquals(64, exported.bundleHash().length());
    }

    static int openssl(Path in, String... args) throws Exception {
        String[] cmd = Stream.concat(Stream.of("openssl"), Stream.of(args)).toArray(String[]::new);
        Process p = new ProcessBuilder(cmd).directory(in.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (code != 0) {
            System.err.println(out);
        }
        return code;
    }

    static boolean hasOpenssl() {
        try {
            return new ProcessBuilder("openssl", "version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    @DisplayName("K3-2-1: a bundle encrypted to the recipient is written in the same pass, and openssl and the library open it to the very plain bundle, from an encrypted and from a plain store")
    void encryptedToRecipient_opensToThePlainBundle_fromEitherStore() throws Exception {
        Assumptions.assumeTrue(hasOpenssl(), "openssl is not installed");
        Path keys = Files.createDirectories(dir.resolve("police-keys"));
        assertEquals(0, openssl(keys, "req", "-x509", "-nodes", "-newkey", "rsa:2048", "-keyout", "police.key",
                "-out", "police.pem", "-subj", "/CN=Saku Police", "-days", "30"));
        var cert = BundleEncryption.certificate(Files.readAllBytes(keys.resolve("police.pem")));
        String b64 = Files.readString(keys.resolve("police.key")).replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getDecoder().decode(b64)));
        for (boolean encryptedStore : List.of(true, false)) {
            String tag = encryptedStore ? "enc" : "plain";
            DisclosureFixture f = new DisclosureFixture(dir.resolve("recipient-" + tag), 5, encryptedStore);
            Path out = dir.resolve("to-police-" + tag).resolve("s-1.zip");
            DisclosureOutcome.Exported o = assertInstanceOf(DisclosureOutcome.Exported.class, f.export(
                    DisclosureFixture.police("s-1", DisclosureFixture.T0.plusMillis(3_300),
                            DisclosureFixture.T0.plusMillis(6_500)), out, cert));
            Path p7m = out.resolveSibling("s-1.zip" + BundleEncryption.SUFFIX);
            assertEquals(p7m, o.encrypted().orElseThrow());
            // the plain bundle stays, the same bytes as without encryption
            assertArrayEquals(Files.readAllBytes(bundle), Files.readAllBytes(out), tag);
            byte[] enc = Files.readAllBytes(p7m);
            assertFalse(new String(enc, StandardCharsets.ISO_8859_1).contains("bundle.json"), tag);
            assertEquals(0, openssl(out.getParent(), "cms", "-decrypt", "-inform", "DER", "-in", p7m.toString(),
                    "-recip", keys.resolve("police.pem").toString(), "-inkey", keys.resolve("police.key").toString(),
                    "-out", "by-openssl.zip"));
            assertArrayEquals(Files.readAllBytes(out), Files.readAllBytes(out.resolveSibling("by-openssl.zip")), tag);
            Path byLibrary = BundleEncryption.decrypt(p7m, key, out.resolveSibling("by-library.zip"));
            assertArrayEquals(Files.readAllBytes(out), Files.readAllBytes(byLibrary), tag);
            try (Stream<Path> s = Files.list(out.getParent())) {
                assertTrue(s.noneMatch(p -> p.toString().endsWith(".tmp")), tag);
            }
        }
    }

    @Test
    @DisplayName("K3-2-4: stored bytes that are not what the manifest signs are refused on the way out: no bundle, no encrypted bundle")
    void alteredStoreBytes_refused_noBundle() throws Exception {
        DisclosureFixture f = new DisclosureFixture(dir.resolve("altered-store"), 5, false);
        Path media = f.store.resolve(DisclosureFixture.CAMERA).resolve(StoreV2.segmentName(2))
                .resolve(StoreV2.MEDIA_PLAIN);
        media.toFile().setWritable(true);
        try (FileChannel ch = FileChannel.open(media, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, 188 * 40 + 100);
            one.put(0, (byte) (one.get(0) ^ 1)).rewind();
            ch.write(one, 188 * 40 + 100);
        }
        Path out = Files.createDirectories(dir.resolve("altered-out")).resolve("s-1.zip");
        IOException e = assertThrows(IOException.class, () -> f.export(DisclosureFixture.police("s-1",
                DisclosureFixture.T0.plusMillis(3_300), DisclosureFixture.T0.plusMillis(6_500)), out));
        assertTrue(e.getMessage().contains("segment 2") && e.getMessage().contains("K3-2-4"), e.getMessage());
        try (Stream<Path> s = Files.list(out.getParent())) {
            assertEquals(List.of(), s.toList());
        }
    }

    @Test
    @DisplayName("K3-2-4: a stored segment whose manifest is not the one the log recorded as sealed is refused on the way"
            + " out: no bundle")
    void storedManifestNotTheOneTheLogSealed_refused_noBundle() throws Exception {
        DisclosureFixture f = new DisclosureFixture(dir.resolve("swapped-store"), 5, false);
        Path cam = f.store.resolve(DisclosureFixture.CAMERA);
        // An insider puts segment 3's validly signed files in segment 2's place.
        Path two = cam.resolve(StoreV2.segmentName(2));
        Path three = cam.resolve(StoreV2.segmentName(3));
        Path aside = cam.resolve("aside");
        Files.move(two, aside);
        Files.move(three, two);
        Files.move(aside, three);
        Path out = Files.createDirectories(dir.resolve("swapped-out")).resolve("s-1.zip");
        IOException e = assertThrows(IOException.class, () -> f.export(DisclosureFixture.police("s-1",
                DisclosureFixture.T0.plusMillis(3_300), DisclosureFixture.T0.plusMillis(6_500)), out));
        assertTrue(e.getMessage().contains("segment 2") && e.getMessage().contains("K3-2-4"), e.getMessage());
        try (Stream<Path> s = Files.list(out.getParent())) {
            assertEquals(List.of(), s.toList());
        }
    }
}
