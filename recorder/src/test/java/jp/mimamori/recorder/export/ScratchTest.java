package jp.mimamori.recorder.export;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchTest {
    @TempDir
    Path dir;

    @Test
    void print() throws Exception {
        DisclosureFixture fx = new DisclosureFixture(dir.resolve("site"), 5);
        Path b = dir.resolve("b.zip");
        fx.export(DisclosureFixture.police("s-1", DisclosureFixture.T0.plusMillis(3_300), DisclosureFixture.T0.plusMillis(6_500)), b);
        System.out.println(DisclosureExportTest.text(DisclosureFixture.verify(b, DisclosureFixture.trust())));
        Path w = Repack.change(b, dir.resolve("w.zip"), e -> { e.keySet().removeIf(n -> n.contains("es-gate/000000000002")); return e; });
        System.out.println(DisclosureExportTest.text(DisclosureFixture.verify(w, DisclosureFixture.trust())));
        Path a = Repack.change(b, dir.resolve("a.zip"), e -> { e.get("media/es-gate/000000000002.ts")[188 * 40 + 100] ^= 1; return e; });
        System.out.println(DisclosureExportTest.text(DisclosureFixture.verify(a, DisclosureFixture.trust())));
        System.out.println(DisclosureExportTest.text(DisclosureFixture.verify(b, jp.mimamori.integrity.keys.TrustStore.of(java.util.List.of(DisclosureFixture.RECORDER.verifyingKey())))));
        new ProcessBuilder("unzip", "-l", b.toString()).inheritIO().start().waitFor();
    }
}
