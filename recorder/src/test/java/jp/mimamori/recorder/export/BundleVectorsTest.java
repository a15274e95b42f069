package jp.mimamori.recorder.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.keys.KeyRole;
import jp.mimamori.integrity.keys.KeyScope;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.keys.VerifyingKey;
import jp.mimamori.integrity.verify.BundleVerifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published export bundle v1 vectors beside docs/FORMATS.md ({@code docs/vectors/bundle-v1/}): the bundle is
 * re-derived byte for byte from the disclosure workflow (fixed keys, clock and recordings), and it and its copy with
 * a withheld segment give exactly the expected reports. Regenerate (after a deliberate format change only) with
 * {@code -Dmimamori.vectors.update=true}.
 */
class BundleVectorsTest {
    static final Path VECTORS = Path.of("..", "docs", "vectors", "bundle-v1");
    static final boolean UPDATE = Boolean.getBoolean("mimamori.vectors.update");

    @TempDir
    Path tmp;

    static String report(Path bundle, TrustStore trust) {
        BundleVerifier.Result r = new BundleVerifier().check(bundle, jp.mimamori.integrity.verify.VerifyContext.of(trust));
        return r.report().render(Locale.ENGLISH) + r.renderCoverage(Locale.ENGLISH);
    }

    /** The trust a recipient reads from the vector's files: the recorder's PEM key and the log's .vkey. */
    static TrustStore trust() throws Exception {
        NoteVerifier v = NoteVerifier.parse(Files.readString(VECTORS.resolve("evidence-log.vkey")).strip());
        return TrustStore.builder()
                .addKey(VerifyingKey.fromPem(Files.readString(VECTORS.resolve("recorder.pub.pem"))))
                .addKey(VerifyingKey.fromRawEd25519(v.publicKey()), KeyScope.of(KeyRole.LOG).withNoteName(v.name()))
                .build();
    }

    @Test
    @DisplayName("K3-4/S3: docs/vectors/bundle-v1 re-derives byte for byte and gives the expected reports")
    void vectors_rederive() throws Exception {
        DisclosureFixture fx = new DisclosureFixture(tmp.resolve("site"), 5);
        Path bundle = tmp.resolve("bundle.zip");
        fx.export(DisclosureFixture.police("s-2026-0401", DisclosureFixture.T0.plusMillis(3_300),
                DisclosureFixture.T0.plusMillis(6_500)), bundle);
        Path withheld = Repack.change(bundle, tmp.resolve("withheld-segment.zip"), e -> {
            e.keySet().removeIf(n -> n.contains("es-gate/000000000002"));
            return e;
        });
        if (UPDATE) {
            Files.createDirectories(VECTORS);
            Files.copy(bundle, VECTORS.resolve("bundle.zip"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(withheld, VECTORS.resolve("withheld-segment.zip"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(VECTORS.resolve("recorder.pub.pem"), DisclosureFixture.RECORDER.verifyingKey().toPem());
            Files.writeString(VECTORS.resolve("evidence-log.vkey"), DisclosureFixture.LOG_NOTE.verifier().toVkey() + "\n");
            Files.writeString(VECTORS.resolve("bundle.report.txt"), report(bundle, trust()));
            Files.writeString(VECTORS.resolve("withheld-segment.report.txt"), report(withheld, trust()));
        }
        assertArrayEquals(Files.readAllBytes(VECTORS.resolve("bundle.zip")), Files.readAllBytes(bundle));
        assertEquals(Files.readString(VECTORS.resolve("bundle.report.txt"), StandardCharsets.UTF_8),
                report(VECTORS.resolve("bundle.zip"), trust()));
        assertEquals(Files.readString(VECTORS.resolve("withheld-segment.report.txt"), StandardCharsets.UTF_8),
                report(VECTORS.resolve("withheld-segment.zip"), trust()));
    }

    @Test
    @DisplayName("K3-4/S3: docs/vectors/bundle-v1/two-cameras.zip (one disclosure of two cameras) re-derives byte for byte and gives the expected report")
    void twoCameraVector_rederives() throws Exception {
        DisclosureFixture fx = new DisclosureFixture(tmp.resolve("site"), 5,
                java.util.List.of(DisclosureFixture.CAMERA, DisclosureFixture.CAMERA_2));
        Path bundle = tmp.resolve("two-cameras.zip");
        fx.export(DisclosureFixture.police("s-2026-0402", DisclosureFixture.T0.plusMillis(3_300),
                DisclosureFixture.T0.plusMillis(6_500), java.util.List.of(DisclosureFixture.CAMERA,
                        DisclosureFixture.CAMERA_2)), bundle);
        if (UPDATE) {
            Files.copy(bundle, VECTORS.resolve("two-cameras.zip"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(VECTORS.resolve("two-cameras.report.txt"), report(bundle, trust()));
        }
        assertArrayEquals(Files.readAllBytes(VECTORS.resolve("two-cameras.zip")), Files.readAllBytes(bundle));
        assertEquals(Files.readString(VECTORS.resolve("two-cameras.report.txt"), StandardCharsets.UTF_8),
                report(VECTORS.resolve("two-cameras.zip"), trust()));
    }
}
