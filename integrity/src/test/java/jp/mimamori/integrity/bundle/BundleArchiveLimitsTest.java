package jp.mimamori.integrity.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.bundle.HostileArchives.E;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.verify.BundleVerifier;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * Hostile archives (issue 13, DESIGN "Errors and bad input"): read as a stream with limits, nothing extracted;
 * each broken rule is one {@code BUNDLE_MALFORMED} with its reason, never an exception.
 */
class BundleArchiveLimitsTest {
    @TempDir
    Path dir;

    VerificationReport verify(byte[] archive) throws Exception {
        Path f = Files.createTempFile(dir, "hostile", ".zip");
        Files.write(f, archive);
        return new BundleVerifier().verify(f, VerifyContext.of(TrustStore.builder().build()));
    }

    String malformed(byte[] archive) throws Exception {
        VerificationReport r = verify(archive);
        List<Finding> m = r.findings(VerificationCode.BUNDLE_MALFORMED);
        assertEquals(1, m.size(), r.render(Locale.ENGLISH));
        assertFalse(r.isValid());
        return m.get(0).message().en();
    }

    @Test
    @DisplayName("BUNDLE_MALFORMED: path traversal, absolute paths, backslashes and odd characters in names")
    void badNames() throws Exception {
        for (String n : List.of("../bundle.json", "/etc/passwd", "media/../../x", "a\\b", "media/./x", "bundle json",
                "media//x", "名前")) {
            String m = malformed(HostileArchives.zip(List.of(E.of(n, "{}"))));
            assertTrue(m.contains("is not allowed"), n + ": " + m);
        }
    }

    @Test
    @DisplayName("BUNDLE_MALFORMED: a name twice, a name bundle v1 does not have, a name of 300 bytes")
    void duplicatesAndUnknownNames() throws Exception {
        assertTrue(malformed(HostileArchives.zip(List.of(E.of("bundle.json", "{}"), E.of("bundle.json", "{}"))))
                .contains("two entries of this name"));
        assertTrue(malformed(HostileArchives.zip(List.of(E.of("evil.sh", "rm -rf /")))).contains("not an entry of bundle v1"));
        assertTrue(malformed(HostileArchives.zip(List.of(E.of("a".repeat(300), "x")))).contains("300 bytes"));
    }

    @Test
    @DisplayName("BUNDLE_MALFORMED: a deflated entry (a zip bomb) is refused before anything is inflated (invariant 7)")
    void deflated_isRefused() throws Exception {
        String m = malformed(HostileArchives.deflateBomb());
        assertTrue(m.contains("compressed") || m.contains("data descriptors"), m);
    }

    @Test
    @DisplayName("BUNDLE_MALFORMED: a symbolic link entry, a folder entry")
    void linksAndFolders() throws Exception {
        assertTrue(malformed(HostileArchives.zip(List.of(new E("bundle.json", "/etc/passwd".getBytes(), 0, 0120777))))
                .contains("symbolic link"));
        assertTrue(malformed(HostileArchives.zip(List.of(new E("bundle.json", new byte[0], 0, 0040755))))
                .contains("symbolic link or other non-regular"));
    }

    @Test
    @DisplayName("BUNDLE_MALFORMED: an entry larger than its limit, bytes after the end, a central directory that disagrees")
    void sizesAndStructure() throws Exception {
        assertTrue(malformed(HostileArchives.zip(List.of(new E("bundle.sig.json", new byte[70 * 1024], 0, 0100644))))
                .contains("exceeds its limit"));
        byte[] ok = HostileArchives.zip(List.of(E.of("bundle.json", "{}")));
        byte[] trailing = Arrays.copyOf(ok, ok.length + 5);
        assertTrue(malformed(trailing).contains("follow the end record"));
        byte[] lying = ok.clone();
        int cd = indexOf(lying, new byte[] {0x50, 0x4b, 0x01, 0x02});
        lying[cd + 16] ^= 1; // the CRC in the central directory
        assertTrue(malformed(lying).contains("central directory does not match"));
        assertTrue(malformed(new byte[] {1, 2, 3}).contains("ZIP entry") || malformed(new byte[] {1, 2, 3})
                .contains("ends inside"));
    }

    @Test
    @DisplayName("BUNDLE_MALFORMED: more entries than the limit (the reader's own limit, set low for the test)")
    void tooManyEntries() throws Exception {
        List<E> many = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            many.add(E.of(String.format("certs/%02d.pem", i), "x"));
        }
        Path f = dir.resolve("many.zip");
        Files.write(f, HostileArchives.zip(many));
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f)) {
            BundleFormatException e = org.junit.jupiter.api.Assertions.assertThrows(BundleFormatException.class,
                    () -> jp.mimamori.integrity.bundle.internal.StoredZipReader.read(ch,
                            new jp.mimamori.integrity.bundle.internal.StoredZipReader.Limits(10, 255),
                            new jp.mimamori.integrity.bundle.internal.StoredZipReader.Consumer() {
                                @Override
                                public long limit(String name) {
                                    return 1 << 20;
                                }

                                @Override
                                public boolean entry(String name, long size, long dataOffset, int crc,
                                                     java.io.InputStream data) {
                                    return false;
                                }

                                @Override
                                public void crcMismatch(String name) {}
                            }));
            assertTrue(e.getMessage().contains("more than 10 entries"), e.getMessage());
        }
    }

    @Test
    @DisplayName("DESIGN: random bytes, and the vector bundle mutated at random, give a report — never an exception, never INTERNAL")
    void property_randomAndMutatedArchives_areReported() throws Exception {
        byte[] vector = HostileArchives.vector();
        Gen<byte[]> mutated = SourceDSL.longs().all().map(seed -> mutate(vector, new Random(seed)));
        Gen<byte[]> random = SourceDSL.longs().all().map(seed -> {
            Random r = new Random(seed);
            byte[] b = new byte[r.nextInt(600)];
            r.nextBytes(b);
            if (b.length >= 4 && r.nextBoolean()) {
                b[0] = 0x50;
                b[1] = 0x4b;
                b[2] = 0x03;
                b[3] = 0x04;
            }
            return b;
        });
        Props.theory(60).forAll(mutated.mix(random)).checkAssert(b -> {
            try {
                VerificationReport r = verify(b);
                assertFalse(r.has(VerificationCode.INTERNAL), r.render(Locale.ENGLISH));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    @DisplayName("invariant 4/S3: any bit of any entry of the vector bundle flipped, its CRC-32 recomputed as a tamperer would, is INVALID; the vector itself is VALID")
    void property_anyEntryBitFlipped_withCrcFixed_isInvalid() throws Exception {
        byte[] vector = HostileArchives.vector();
        TrustStore trust = HostileArchives.vectorTrust();
        assertTrue(verify(vector, trust).isValid(), verify(vector, trust).render(Locale.ENGLISH));
        List<HostileArchives.Span> spans = HostileArchives.entries(vector);
        Props.theory(80).forAll(SourceDSL.integers().between(0, spans.size() - 1), SourceDSL.longs().all())
                .checkAssert((k, seed) -> {
                    HostileArchives.Span e = spans.get(k);
                    Random r = new Random(seed);
                    byte[] b = vector.clone();
                    long at = e.dataOffset() + (long) (r.nextDouble() * e.size());
                    b[(int) at] ^= (byte) (1 << r.nextInt(8));
                    HostileArchives.fixCrc(b, e);
                    try {
                        VerificationReport rep = verify(b, trust);
                        assertFalse(rep.isValid(), e.name() + " byte " + (at - e.dataOffset()) + ":\n"
                                + rep.render(Locale.ENGLISH));
                        assertFalse(rep.has(VerificationCode.INTERNAL), rep.render(Locale.ENGLISH));
                    } catch (Exception x) {
                        throw new AssertionError(x);
                    }
                });
    }

    @Test
    @DisplayName("invariant 4: a media byte changed with the CRC left stale is BUNDLE_MALFORMED for the entry and UNIT_MODIFIED for the unit (media is read once, its CRC checked as the units are hashed)")
    void mediaByteChanged_crcStale_namesEntryAndUnit() throws Exception {
        byte[] vector = HostileArchives.vector();
        HostileArchives.Span media = HostileArchives.entries(vector).stream()
                .filter(e -> e.name().equals("media/es-gate/000000000002.ts")).findFirst().orElseThrow();
        byte[] b = vector.clone();
        b[(int) media.dataOffset() + 188 * 40 + 100] ^= 1;
        VerificationReport r = verify(b, HostileArchives.vectorTrust());
        assertEquals(List.of("media/es-gate/000000000002.ts"), r.findings(VerificationCode.BUNDLE_MALFORMED).stream()
                .map(f -> f.where().entry().orElse("")).toList(), r.render(Locale.ENGLISH));
        assertEquals(List.of(15L), r.findings(VerificationCode.UNIT_MODIFIED).stream()
                .map(f -> f.where().index().orElse(-1)).toList(), r.render(Locale.ENGLISH));
    }

    VerificationReport verify(byte[] archive, TrustStore trust) throws Exception {
        Path f = Files.createTempFile(dir, "flipped", ".zip");
        Files.write(f, archive);
        return new BundleVerifier().verify(f, VerifyContext.of(trust));
    }

    static byte[] mutate(byte[] v, Random r) {
        byte[] b = v.clone();
        switch (r.nextInt(4)) {
            case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length));
            case 2 -> {
                int at = r.nextInt(b.length);
                for (int i = 0; i < 1 + r.nextInt(16) && at + i < b.length; i++) {
                    b[at + i] = (byte) r.nextInt(256);
                }
            }
            default -> {
                int at = r.nextInt(b.length);
                byte[] c = new byte[b.length + 4];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, at, c, at + 4, b.length - at);
                b = c;
            }
        }
        return b;
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
