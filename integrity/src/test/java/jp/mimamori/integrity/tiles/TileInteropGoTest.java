package jp.mimamori.integrity.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.mimamori.integrity.merkle.Merkle;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Go's reference tile client ({@code golang.org/x/mod/sumdb/tlog} with {@code …/note}, Debian package
 * golang-golang-x-mod-dev) reads the tiles the log publishes: it verifies the checkpoint, recomputes the tree hash
 * from the tiles, and proves inclusion of entries and consistency between sizes (issue 14, K3-4). Skipped where Go
 * or that package is not installed.
 */
class TileInteropGoTest {
    @TempDir
    Path dir;

    @Test
    void goTlogClient_provesFromOurTiles_K3_4() throws Exception {
        Path gopath = Path.of(System.getenv().getOrDefault("MIMAMORI_GOPATH", "/usr/share/gocode"));
        Assumptions.assumeTrue(onPath("go") && Files.isDirectory(gopath.resolve("src/golang.org/x/mod/sumdb/tlog")),
                "go or golang.org/x/mod/sumdb/tlog (Debian: golang-golang-x-mod-dev) not installed: skipping the Go"
                        + " tile interop test");
        Path tiles = dir.resolve("tiles");
        List<byte[]> leaves = new ArrayList<>();
        TileLogTest.publish(tiles, 0, 300, leaves);
        TileLogTest.publish(tiles, 300, 66_000, leaves);
        Files.writeString(dir.resolve("log.vkey"), TileLogTest.KEY.verifier().toVkey() + "\n");
        try (InputStream in = getClass().getResourceAsStream("/jp/mimamori/integrity/tiles/go/tilecheck.go")) {
            Files.write(dir.resolve("tilecheck.go"), in.readAllBytes());
        }
        ProcessBuilder pb = new ProcessBuilder("go", "run", "tilecheck.go", "log.vkey", "tiles", "0", "255", "256",
                "299", "65535", "65536", "65999").directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GO111MODULE", "off");
        pb.environment().put("GOPATH", gopath.toString());
        pb.environment().put("GOCACHE", dir.resolve("gocache").toString());
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        String root = java.util.Base64.getEncoder().encodeToString(Merkle.root(leaves));
        assertEquals("ok 66000 " + root + "\n", text, HexFormat.of().formatHex(Merkle.root(leaves)));
    }

    static boolean onPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }
}
