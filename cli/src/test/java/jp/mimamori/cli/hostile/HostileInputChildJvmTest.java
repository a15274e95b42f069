package jp.mimamori.cli.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import jp.mimamori.cli.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command on hostile input, run as a user runs it: a child JVM with a 256 MiB heap (one JVM per test, each
 * running many command lines through {@link HostileRunner}). Inputs an insider can plant — a 3 GB sparse file, a
 * FIFO with no writer, a link to {@code /dev/zero}, a link to a file outside the folder, a log of millions of tiny
 * frames — give exit 2 (refused, one line naming the file and the reason) or exit 1 (a verifier's finding), never
 * an OutOfMemoryError, a stack trace or a hang, and nothing outside the folder under attack is read, written or
 * erased (docs/SECURITY.md, "Every input bounded, every path confined"; DESIGN: errors and bad input; K3-4 for the
 * log, K3-2-3 for erasure, K3-2-4 for keys that seal).
 */
class HostileInputChildJvmTest {
    /** Generous: only a real hang (a FIFO opened for reading, an endless read) comes near it. */
    private static final long CHILD_TIMEOUT_SECONDS = 600;

    @TempDir
    static Path dir;
    static Path ws;
    static Path outside;
    static Path huge;
    static Path fifo;
    static String outsideBefore;

    @BeforeAll
    static void workspace() throws Exception {
        ws = dir.resolve("ws");
        assertEquals(0, Main.run("demo", "--out", ws.toString()));
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("victim.txt"), "must stay as it is");
        Files.copy(ws.resolve("log/records.log"), outside.resolve("records.log"));
        Files.copy(ws.resolve("keys/recorder.private.pem"), outside.resolve("private.pem"));
        Files.copy(ws.resolve("keys/evidence-log.vkey"), outside.resolve("log.vkey"));
        Path cam = ws.resolve("retention/kumagaya/store/ch-entrance");
        Path victimCam = Files.createDirectories(outside.resolve("camera"));
        try (Stream<Path> s = Files.list(cam)) {
            for (Path f : s.toList()) {
                Files.copy(f, victimCam.resolve(f.getFileName()));
            }
        }
        huge = dir.resolve("huge");
        try (RandomAccessFile r = new RandomAccessFile(huge.toFile(), "rw")) {
            r.setLength(3L << 30); // sparse: no disk, but 3 GB to whoever reads it whole
        }
        fifo = dir.resolve("fifo");
        if (!mkfifo(fifo)) {
            fifo = null;
        }
        outsideBefore = digest(outside);
    }

    @AfterAll
    static void nothingOutsideWasTouched() throws Exception {
        assertEquals(outsideBefore, digest(outside), "files outside the folders under attack changed");
    }

    static boolean mkfifo(Path p) throws InterruptedException {
        try {
            Process proc = new ProcessBuilder("mkfifo", p.toString()).start();
            return proc.waitFor(10, TimeUnit.SECONDS) && proc.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Names, sizes and SHA-256 of every file under {@code root}, links not followed. */
    static String digest(Path root) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted().toList()) {
                sb.append(root.relativize(p)).append(' ');
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    sb.append(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(p))));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** What to plant. */
    enum Plant { HUGE, FIFO, LINK_ZERO, LINK_OUT, TINY_FRAMES }

    /** Replaces {@code target} by {@code what}; false if the platform cannot make it (no mkfifo, no /dev/zero). */
    static boolean plant(Path target, Plant what, Path linkTo) throws Exception {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> s = Files.walk(target)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.deleteIfExists(target);
        Files.createDirectories(target.getParent());
        switch (what) {
            case HUGE -> {
                try (RandomAccessFile r = new RandomAccessFile(target.toFile(), "rw")) {
                    r.setLength(3L << 30);
                }
            }
            case FIFO -> {
                return mkfifo(target);
            }
            case LINK_ZERO -> {
                if (!Files.exists(Path.of("/dev/zero"))) {
                    return false;
                }
                Files.createSymbolicLink(target, Path.of("/dev/zero"));
            }
            case LINK_OUT -> Files.createSymbolicLink(target, linkTo);
            case TINY_FRAMES -> tinyFrames(target, 6_000_000);
            default -> throw new IllegalArgumentException();
        }
        return true;
    }

    /**
     * A records.log of {@code n} frames of one byte each, every frame well formed (length, index, CRC): 17 bytes a
     * record, so 6 million records in 102 MB, more leaves than a 256 MiB heap holds as objects.
     */
    static void tinyFrames(Path file, int n) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("mimamori-log v1\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(17 * 65_536);
            for (int i = 0; i < n; i++) {
                int start = buf.position();
                buf.putInt(1).putLong(i);
                CRC32C crc = new CRC32C();
                crc.update(buf.array(), start, 12);
                crc.update('x');
                buf.putInt((int) crc.getValue()).put((byte) 'x');
                if (!buf.hasRemaining()) {
                    buf.flip();
                    ch.write(buf);
                    buf.clear();
                }
            }
            buf.flip();
            ch.write(buf);
        }
    }

    /** A fresh copy of the workspace's {@code sub} folder for one case (the log without its cached tree). */
    static Path copy(String sub, String caseName, boolean keepTree) throws IOException {
        Path from = ws.resolve(sub);
        Path to = dir.resolve("cases").resolve(caseName).resolve(sub);
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path rel = from.relativize(p);
                if (!keepTree && rel.startsWith("tree")) {
                    continue;
                }
                Path t = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }

    /** One command line and the exit codes it may end with. */
    record Case(String name, Set<Integer> exits, String mention, List<String> args) {}

    /** The outcome of one case in the child JVM. */
    record Outcome(int exit, String out, String err) {}

    /** Runs {@code cases} in one child JVM with a 256 MiB heap and checks each. */
    static void runAndCheck(List<Case> cases) throws Exception {
        assumeTrue(!cases.isEmpty(), "nothing this platform can plant");
        Path out = Files.createTempDirectory(dir, "run");
        Path list = out.resolve("cases.tsv");
        List<String> lines = new ArrayList<>();
        for (Case c : cases) {
            lines.add(c.name() + "\t" + String.join("\t", c.args()));
        }
        Files.write(list, lines, StandardCharsets.UTF_8);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), HostileRunner.class.getName(), list.toString(),
                out.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolve("jvm.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        Path results = out.resolve("results.tsv");
        if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            List<String> r = Files.exists(results) ? Files.readAllLines(results) : List.of();
            throw new AssertionError("hung at: " + (r.isEmpty() ? "start" : r.get(r.size() - 1)));
        }
        Map<String, Integer> exits = new LinkedHashMap<>();
        for (String l : Files.readAllLines(results)) {
            String[] f = l.split("\t");
            if (!f[1].equals("started")) {
                exits.put(f[0], Integer.parseInt(f[1]));
            }
        }
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            Integer exit = exits.get(c.name());
            if (exit == null) {
                failures.add(c.name() + ": did not finish (child JVM: " + Files.readString(out.resolve("jvm.txt"))
                        + ")");
                continue;
            }
            String o = Files.readString(out.resolve(c.name() + ".out"), StandardCharsets.UTF_8);
            String e = Files.readString(out.resolve(c.name() + ".err"), StandardCharsets.UTF_8);
            String all = o + e;
            String what = c.name() + " (mimamori " + String.join(" ", c.args()) + ") -> exit " + exit + "\n" + all;
            long errLines = e.lines().filter(l -> !l.isBlank()).count();
            if (!c.exits().contains(exit)) {
                failures.add("exit not in " + c.exits() + ": " + what);
            } else if (all.contains("\tat ") || all.contains("OutOfMemoryError") || all.contains("Exception")) {
                failures.add("stack trace or exception: " + what);
            } else if (exit == 2 && (errLines != 1 || !e.startsWith("mimamori: "))) {
                failures.add("not one line: " + what);
            } else if (exit != 2 && errLines > 0) {
                failures.add("error output with a report: " + what);
            } else if ((exit != 0 || c.exits().size() == 1) && !all.contains(c.mention())) {
                failures.add("does not name " + c.mention() + ": " + what);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n\n", failures));
    }

    private static final Set<Integer> OK = Set.of(0);
    private static final Set<Integer> REFUSED = Set.of(2);
    private static final Set<Integer> FOUND = Set.of(1);

    @Test
    @DisplayName("K3-4: log verify, register, prove, consistency and checkpoint on planted huge files, FIFOs, links"
            + " and a log of 6 million tiny frames: a finding or one line, no hang, nothing outside read")
    void logCommands_onPlantedFiles() throws Exception {
        List<Case> cases = new ArrayList<>();
        String vkey = ws.resolve("keys/evidence-log.vkey").toString();
        String tsa = ws.resolve("keys/test-tsa-root.pem").toString();
        String logKey = ws.resolve("keys/evidence-log.pem").toString();
        String cp;
        // The newest checkpoint with a timestamp beside it, whatever size the demo's log has reached.
        try (Stream<Path> s = Files.list(ws.resolve("log/checkpoints"))) {
            cp = "checkpoints/" + s.map(p -> p.getFileName().toString())
                    .filter(x -> x.endsWith(".checkpoint"))
                    .filter(x -> Files.exists(ws.resolve("log/checkpoints").resolve(x + ".tsr")))
                    .sorted().reduce((a, b) -> b).orElseThrow();
        }
        record Where(String file, Plant plant, boolean keepTree) {}
        List<Where> plants = List.of(
                new Where("checkpoint", Plant.FIFO, false), new Where("checkpoint", Plant.LINK_ZERO, false),
                new Where("checkpoint", Plant.HUGE, false), new Where(cp, Plant.FIFO, false),
                new Where(cp, Plant.HUGE, false), new Where(cp + ".tsr", Plant.FIFO, false),
                new Where(cp + ".tsr", Plant.HUGE, false), new Where(cp + ".tsr", Plant.LINK_ZERO, false),
                new Where("tree/state", Plant.FIFO, true), new Where("tree/state", Plant.HUGE, true),
                new Where("tree/state", Plant.LINK_ZERO, true), new Where("records.log", Plant.FIFO, false),
                new Where("records.log", Plant.LINK_OUT, false));
        int n = 0;
        for (Where w : plants) {
            String id = "log" + (n++) + "-" + w.plant();
            Path v = copy("log", id + "-verify", w.keepTree());
            Path r = copy("log", id + "-register", w.keepTree());
            if (!plant(v.resolve(w.file()), w.plant(), outside.resolve("records.log"))
                    || !plant(r.resolve(w.file()), w.plant(), outside.resolve("records.log"))) {
                continue;
            }
            String name = Path.of(w.file()).getFileName().toString();
            boolean records = w.file().equals("records.log");
            boolean state = w.file().equals("tree/state");
            boolean hugeFile = w.plant() == Plant.HUGE;
            // A huge tree state is a damaged cache (FORMATS: nothing under tree/ is trusted): rebuilt, not a finding.
            cases.add(new Case(id + "-verify", records ? REFUSED : state && hugeFile ? OK : FOUND,
                    state && hugeFile ? "VALID" : name,
                    List.of("log", "verify", v.toString(), "--trust", vkey, "--trust", tsa)));
            // The register reads records only: a huge regular file beside them is not read at all.
            cases.add(new Case(id + "-register", hugeFile ? OK : REFUSED, hugeFile ? "demo-s8-1" : name,
                    List.of("log", "register", r.toString())));
        }
        Path f = copy("log", "log-fifo-prove", false);
        if (plant(f.resolve(cp), Plant.FIFO, null)) {
            cases.add(new Case("log-fifo-prove", REFUSED, "checkpoint",
                    List.of("log", "prove", f.toString(), "--index", "1")));
            cases.add(new Case("log-fifo-consistency", REFUSED, "checkpoint",
                    List.of("log", "consistency", f.toString(), "--from", "1")));
            cases.add(new Case("log-fifo-checkpoint", REFUSED, "checkpoint",
                    List.of("log", "checkpoint", f.toString(), "--key", logKey, "--origin", "x")));
            cases.add(new Case("log-fifo-verify-through-verify", FOUND, "checkpoint",
                    List.of("verify", f.toString(), "--trust", vkey)));
        }
        Path tiny = copy("log", "log-tiny", false);
        plant(tiny.resolve("records.log"), Plant.TINY_FRAMES, null);
        cases.add(new Case("log-tiny-verify", FOUND, "not checked one by one",
                List.of("log", "verify", tiny.toString(), "--trust", vkey)));
        runAndCheck(cases);
    }

    @Test
    @DisplayName("K3-2-3, K3-2-2: retention plan and run, hold list and place on a retention folder with a camera"
            + " folder linked outside, and planted FIFOs, links and huge files: refused in one line, nothing erased"
            + " outside")
    void retentionAndHoldCommands_onPlantedFiles() throws Exception {
        List<Case> cases = new ArrayList<>();
        String cam = "store/ch-entrance";
        record Where(String file, Plant plant, Path linkTo) {}
        List<Where> plants = List.of(
                new Where(cam, Plant.LINK_OUT, outside.resolve("camera")),
                new Where("rules.json", Plant.HUGE, null), new Where("rules.json", Plant.FIFO, null),
                new Where("rules.json", Plant.LINK_OUT, outside.resolve("victim.txt")),
                new Where("workspace.json", Plant.FIFO, null),
                new Where("state/erasure.journal", Plant.FIFO, null),
                new Where("state/erasure.journal", Plant.LINK_OUT, outside.resolve("victim.txt")),
                new Where("state/erasure.journal", Plant.HUGE, null),
                new Where("state/holds.json", Plant.HUGE, null), new Where("state/holds.json", Plant.FIFO, null),
                new Where(cam + "/keys.vault", Plant.FIFO, null), new Where(cam + "/keys.vault", Plant.HUGE, null),
                new Where(cam + "/keys.vault", Plant.LINK_OUT, outside.resolve("camera/keys.vault")),
                new Where(cam + "/100.json", Plant.HUGE, null), new Where(cam + "/100.json", Plant.LINK_ZERO, null),
                new Where(cam + "/100.seg", Plant.LINK_OUT, outside.resolve("camera/100.seg")));
        int n = 0;
        for (Where w : plants) {
            String id = "ret" + (n++) + "-" + w.plant();
            List<List<String>> commands = List.of(
                    List.of("retention", "run", "--now", "2099-01-01T00:00:00Z", "--principal", "mgr-soumu"),
                    List.of("retention", "plan", "--now", "2099-01-01T00:00:00Z"),
                    List.of("hold", "list"),
                    List.of("hold", "place", "--camera", "ch-entrance", "--from", "2026-04-01T00:00:00Z",
                            "--to", "2026-04-02T00:00:00Z", "--reason", "test", "--principal", "mgr-soumu"));
            int k = 0;
            for (List<String> c : commands) {
                String name = id + "-" + (k++);
                Path r = copy("retention/kumagaya", name, true);
                if (!plant(r.resolve(w.file()), w.plant(), w.linkTo())) {
                    continue;
                }
                List<String> args = new ArrayList<>(c);
                // The KEK is kept apart from the retention folder (docs/ERASURE.md), in the workspace's keys/.
                args.addAll(List.of("--retention", r.toString(), "--kek",
                        ws.resolve("keys/retention-kumagaya.kek").toString()));
                // A huge regular file is refused where it is read, and left alone by commands that do not read it.
                cases.add(new Case(name, w.plant() == Plant.HUGE ? Set.of(0, 2) : REFUSED,
                        Path.of(w.file()).getFileName().toString(), args));
            }
        }
        runAndCheck(cases);
    }

    @Test
    @DisplayName("K3-2-4: verify on a store whose manifest, signature, unit index, media, chain state or camera"
            + " folder is a huge file, a FIFO, a link to /dev/zero or a link outside: INVALID naming it, no hang")
    void verify_onPlantedStoreFiles_reportsWithoutHanging() throws Exception {
        List<Case> cases = new ArrayList<>();
        String seg = "cam-01/000000000001/";
        String trust = ws.resolve("keys/recorder.public.pem").toString();
        record Where(String file, Plant plant) {}
        List<Where> plants = List.of(new Where(seg + "manifest.json", Plant.HUGE),
                new Where(seg + "manifest.sig.json", Plant.FIFO), new Where(seg + "units.idx", Plant.FIFO),
                new Where(seg + "units.idx", Plant.HUGE), new Where(seg + "media.enc", Plant.LINK_ZERO),
                new Where(seg + "media.enc", Plant.FIFO), new Where("cam-01", Plant.LINK_OUT));
        int n = 0;
        for (Where w : plants) {
            String id = "store" + (n++) + "-" + w.plant();
            Path st = copy("store", id, true);
            if (!plant(st.resolve(w.file()), w.plant(), outside.resolve("camera"))) {
                continue;
            }
            cases.add(new Case(id, FOUND, "INVALID", List.of("verify", st.toString(), "--trust", trust)));
        }
        runAndCheck(cases);
    }

    @Test
    @DisplayName("K3-2-4, K3-4: keys, trust files and receipts that are links, FIFOs or huge, given to seal, verify,"
            + " log verify, log checkpoint, sanitize certify, decide and the rules commands: one line, exit 2")
    void keyTrustAndDocumentInputs_areRefusedInOneLine() throws Exception {
        List<Case> cases = new ArrayList<>();
        Path keyLink = dir.resolve("keys-linked/private.pem");
        Path vkeyLink = dir.resolve("keys-linked/log.vkey");
        Path pubLink = dir.resolve("keys-linked/public.pem");
        plant(keyLink, Plant.LINK_OUT, outside.resolve("private.pem"));
        plant(vkeyLink, Plant.LINK_OUT, outside.resolve("log.vkey"));
        plant(pubLink, Plant.LINK_OUT, ws.resolve("keys/recorder.public.pem"));
        String store = ws.resolve("store").toString();
        String log = ws.resolve("log").toString();
        String rules = ws.resolve("rules/kumagaya-city-hall.json").toString();
        List<String> sanitize = List.of("sanitize", "certify", "--id", "a", "--destination", "d", "--manufacturer",
                "m", "--media-type", "HDD", "--method", "clear", "--model", "m", "--organization", "o",
                "--performed-by", "p", "--serial", "s", "--source", "s", "--technique", "t", "--tool", "t",
                "--validated-by", "v", "--verification-details", "d", "--retention",
                ws.resolve("retention/kumagaya").toString());
        cases.add(new Case("seal-key-link", REFUSED, "private.pem", List.of("seal", "--camera", "cam-09", "--key",
                keyLink.toString(), "--out", dir.resolve("sealed").toString(), rules)));
        cases.add(new Case("verify-trust-link", REFUSED, "public.pem",
                List.of("verify", store, "--trust", pubLink.toString())));
        cases.add(new Case("logverify-trust-link", REFUSED, "log.vkey",
                List.of("log", "verify", log, "--trust", vkeyLink.toString())));
        cases.add(new Case("checkpoint-key-link", REFUSED, "private.pem", List.of("log", "checkpoint",
                copy("log", "ck", false).toString(), "--key", keyLink.toString(), "--origin", "x")));
        List<String> s = new ArrayList<>(sanitize);
        s.addAll(List.of("--key", keyLink.toString(), "--out", dir.resolve("cert.json").toString()));
        cases.add(new Case("sanitize-key-link", REFUSED, "private.pem", s));
        cases.add(new Case("verify-trust-huge", REFUSED, "huge", List.of("verify", store, "--trust",
                ws.resolve("keys/recorder.public.pem").toString(), huge.toString())));
        cases.add(new Case("rules-document-huge", REFUSED, "huge", List.of("rules", "document", huge.toString())));
        cases.add(new Case("rules-check-profile-huge", REFUSED, "huge",
                List.of("rules", "check", rules, "--profile", huge.toString())));
        cases.add(new Case("decide-request-huge", REFUSED, "huge",
                List.of("decide", "--rules", rules, "--request", huge.toString())));
        Path notJson = Files.write(dir.resolve("binary.json"), new byte[] {(byte) 0xff, (byte) 0xfe, '{'});
        cases.add(new Case("decide-request-binary", REFUSED, "binary.json",
                List.of("decide", "--rules", rules, "--request", notJson.toString())));
        cases.add(new Case("rules-test-binary", REFUSED, "binary.json", List.of("rules", "test", notJson.toString())));
        cases.add(new Case("verify-trust-binary", REFUSED, "binary.json", List.of("verify", store, "--trust",
                ws.resolve("keys/recorder.public.pem").toString(), notJson.toString())));
        cases.add(new Case("seal-key-binary", REFUSED, "binary.json", List.of("seal", "--camera", "cam-09", "--key",
                notJson.toString(), "--out", dir.resolve("sealed").toString(), rules)));
        if (fifo != null) {
            cases.add(new Case("verify-trust-fifo", REFUSED, "fifo", List.of("verify", store, "--trust",
                    ws.resolve("keys/recorder.public.pem").toString(), fifo.toString())));
            cases.add(new Case("rules-document-fifo", REFUSED, "fifo",
                    List.of("rules", "document", fifo.toString())));
            List<String> sf = new ArrayList<>(sanitize);
            sf.addAll(List.of("--key", fifo.toString(), "--out", dir.resolve("cert2.json").toString()));
            cases.add(new Case("sanitize-key-fifo", REFUSED, "fifo", sf));
        }
        runAndCheck(cases);
    }

    @Test
    @DisplayName("K3-2-4, K3-2-3: record with its --key or --kek a link out, a FIFO, a huge file or readable by others:"
            + " one line, exit 2, nothing recorded")
    void record_onPlantedKeyAndKekFiles_isRefusedInOneLine() throws Exception {
        List<Case> cases = new ArrayList<>();
        String key = ws.resolve("keys/recorder.private.pem").toString();
        Path keyLink = dir.resolve("record-keys/private.pem");
        plant(keyLink, Plant.LINK_OUT, outside.resolve("private.pem"));
        Path kekLink = dir.resolve("record-keys/store.kek");
        plant(kekLink, Plant.LINK_OUT, outside.resolve("victim.txt"));
        Path wide = Files.writeString(dir.resolve("record-keys/wide.pem"), Files.readString(Path.of(key)));
        Files.setPosixFilePermissions(wide, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        int n = 0;
        record In(String name, String keyFile, String kekFile, String mention) {}
        List<In> ins = new ArrayList<>(List.of(new In("key-link", keyLink.toString(), null, "private.pem"),
                new In("key-huge", huge.toString(), null, "huge"),
                new In("key-wide", wide.toString(), null, "wide.pem"),
                new In("kek-link", key, kekLink.toString(), "store.kek"),
                new In("kek-huge", key, huge.toString(), "huge")));
        if (fifo != null) {
            ins.add(new In("key-fifo", fifo.toString(), null, "fifo"));
            ins.add(new In("kek-fifo", key, fifo.toString(), "fifo"));
        }
        for (In in : ins) {
            Path out = dir.resolve("recorded-" + (n++));
            List<String> args = new ArrayList<>(List.of("record", "--camera", "cam-09", "--key", in.keyFile(),
                    "--out", out.toString(), "--log", out + "-log"));
            if (in.kekFile() != null) {
                args.addAll(List.of("--kek", in.kekFile()));
            }
            cases.add(new Case("record-" + in.name(), REFUSED, in.mention(), args));
        }
        runAndCheck(cases);
    }
}
