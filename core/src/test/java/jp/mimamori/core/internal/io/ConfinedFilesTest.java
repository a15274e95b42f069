package jp.mimamori.core.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files in folders an insider may write to are never reached through links, never opened when they are FIFOs or
 * devices, and never outside their root (docs/SECURITY.md, "Every input bounded, every path confined": G18;
 * K3-2-4 for stores, K3-4 for the log, K3-2-3 for erasure).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfinedFilesTest {
    @TempDir
    Path tmp;
    Path root;
    Path outside;

    @BeforeEach
    void layout() throws IOException {
        root = Files.createDirectories(tmp.resolve("store"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "outside");
        Files.createDirectories(root.resolve("cam-01"));
        Files.writeString(root.resolve("cam-01/chain.json"), "{}");
    }

    private boolean mkfifo(Path p) throws InterruptedException {
        try {
            Process proc = new ProcessBuilder("mkfifo", p.toString()).start();
            return proc.waitFor(10, TimeUnit.SECONDS) && proc.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    @DisplayName("a regular file below the root is read; a relative and an absolute spelling both work")
    void regularFile_isRead() throws Exception {
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8),
                BoundedFiles.read(root, root.resolve("cam-01/chain.json"), 16));
        try (InputStream in = ConfinedFiles.newInputStream(root.toAbsolutePath(),
                root.toAbsolutePath().resolve("cam-01").resolve("chain.json"))) {
            assertEquals("{}", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(ConfinedFiles.isRegularFile(root, root.resolve("cam-01/chain.json")));
        assertFalse(ConfinedFiles.isRegularFile(root, root.resolve("cam-01/none")));
        assertFalse(ConfinedFiles.isRegularFile(root, root.resolve("none/none")));
    }

    @Test
    @DisplayName("a link as the file is refused, even one pointing inside the root")
    void linkAsFile_isRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("cam-01/units.json"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("cam-01/copy.json"), root.resolve("cam-01/chain.json"));
        for (String name : List.of("units.json", "copy.json")) {
            ConfinedFiles.RefusedException e = assertThrows(ConfinedFiles.RefusedException.class,
                    () -> BoundedFiles.read(root, root.resolve("cam-01/" + name), 1024));
            assertEquals(ConfinedFiles.Refusal.LINK, e.reason());
            assertEquals(root.resolve("cam-01/" + name) + ": a symbolic link; links are not followed here"
                    + " / シンボリックリンクは辿りません", e.getMessage());
        }
    }

    @Test
    @DisplayName("a linked folder on the way is refused: reading, opening for writing and deleting through it")
    void linkedFolder_isRefusedForReadWriteAndDelete() throws Exception {
        Files.createSymbolicLink(root.resolve("cam-02"), outside);
        Path through = root.resolve("cam-02/secret.txt");
        ConfinedFiles.RefusedException e = assertThrows(ConfinedFiles.RefusedException.class,
                () -> BoundedFiles.read(root, through, 1024));
        assertEquals(ConfinedFiles.Refusal.LINK, e.reason());
        assertEquals(root.resolve("cam-02"), e.path());
        assertThrows(ConfinedFiles.RefusedException.class,
                () -> ConfinedFiles.open(root, through, Set.of(StandardOpenOption.WRITE)));
        assertThrows(ConfinedFiles.RefusedException.class, () -> ConfinedFiles.deleteIfExists(root, through));
        assertThrows(ConfinedFiles.RefusedException.class, () -> ConfinedFiles.list(root, root.resolve("cam-02"), 10));
        assertEquals("outside", Files.readString(outside.resolve("secret.txt")));
    }

    @Test
    @DisplayName("deleting a link removes the link, never what it points to")
    void deletingALink_removesTheLinkOnly() throws Exception {
        Path link = Files.createSymbolicLink(root.resolve("cam-01/u.ts"), outside.resolve("secret.txt"));
        assertTrue(ConfinedFiles.deleteIfExists(root, link));
        assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("outside", Files.readString(outside.resolve("secret.txt")));
        assertFalse(ConfinedFiles.deleteIfExists(root, link));
    }

    @Test
    @DisplayName("a path leaving the root is refused")
    void pathOutsideRoot_isRefused() {
        ConfinedFiles.RefusedException e = assertThrows(ConfinedFiles.RefusedException.class,
                () -> BoundedFiles.read(root, root.resolve("../outside/secret.txt"), 1024));
        assertEquals(ConfinedFiles.Refusal.OUTSIDE_ROOT, e.reason());
        assertThrows(ConfinedFiles.RefusedException.class,
                () -> BoundedFiles.read(root, outside.resolve("secret.txt"), 1024));
    }

    @Test
    @DisplayName("a FIFO is refused at once, never opened (no hang), and listed as refused")
    void fifo_isRefusedWithoutOpening() throws Exception {
        Path fifo = root.resolve("cam-01/00000001.ts");
        assumeTrue(mkfifo(fifo), "mkfifo is not available");
        ConfinedFiles.RefusedException e = assertThrows(ConfinedFiles.RefusedException.class,
                () -> BoundedFiles.read(root, fifo, 1024));
        assertEquals(ConfinedFiles.Refusal.SPECIAL_FILE, e.reason());
        assertThrows(ConfinedFiles.RefusedException.class, () -> ConfinedFiles.isRegularFile(root, fifo));
        ConfinedFiles.Listing l = ConfinedFiles.list(root, root.resolve("cam-01"), 10);
        assertEquals(List.of(root.resolve("cam-01/chain.json")), l.files());
        assertEquals(List.of(new ConfinedFiles.Refused(fifo, ConfinedFiles.Refusal.SPECIAL_FILE)), l.refused());
        assertThrows(ConfinedFiles.RefusedException.class, l::requireNothingRefused);
    }

    @Test
    @DisplayName("a link to /dev/zero is refused as a link; /dev/zero itself as a special file")
    void devZero_isRefused() throws Exception {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "no /dev/zero on this platform");
        Path link = Files.createSymbolicLink(root.resolve("cam-01/00000002.ts"), zero);
        assertEquals(ConfinedFiles.Refusal.LINK, assertThrows(ConfinedFiles.RefusedException.class,
                () -> BoundedFiles.read(root, link, 1024)).reason());
        assertEquals(ConfinedFiles.Refusal.SPECIAL_FILE, assertThrows(ConfinedFiles.RefusedException.class,
                () -> BoundedFiles.read(Path.of("/dev"), zero, 1024)).reason());
    }

    @Test
    @DisplayName("an open folder reads its regular files; links, FIFOs, folders and other names are refused")
    void openFolder_readsFiles_refusesLinksFifosAndOtherNames() throws Exception {
        Path cam = root.resolve("cam-01");
        Files.createSymbolicLink(cam.resolve("link.json"), outside.resolve("secret.txt"));
        Files.createDirectories(cam.resolve("sub"));
        Path fifo = cam.resolve("00000001.ts");
        boolean haveFifo = mkfifo(fifo);
        try (ConfinedFiles.Folder f = ConfinedFiles.openFolder(root, cam)) {
            assertEquals(cam, f.path());
            for (int i = 0; i < 3; i++) {
                assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), BoundedFiles.read(f, "chain.json", 2));
            }
            assertThrows(BoundedFiles.TooLargeException.class, () -> BoundedFiles.read(f, "chain.json", 1));
            assertEquals(ConfinedFiles.Refusal.LINK, assertThrows(ConfinedFiles.RefusedException.class,
                    () -> BoundedFiles.read(f, "link.json", 1024)).reason());
            assertEquals(ConfinedFiles.Refusal.FOLDER, assertThrows(ConfinedFiles.RefusedException.class,
                    () -> BoundedFiles.read(f, "sub", 1024)).reason());
            if (haveFifo) {
                assertEquals(ConfinedFiles.Refusal.SPECIAL_FILE, assertThrows(ConfinedFiles.RefusedException.class,
                        () -> BoundedFiles.read(f, "00000001.ts", 1024)).reason());
            }
            for (String name : List.of("..", ".", "", "sub/../chain.json", "../outside/secret.txt")) {
                assertEquals(ConfinedFiles.Refusal.OUTSIDE_ROOT, assertThrows(ConfinedFiles.RefusedException.class,
                        () -> BoundedFiles.read(f, name, 1024)).reason(), name);
            }
            assertEquals(cam.resolve("none").toString(), assertThrows(NoSuchFileException.class,
                    () -> BoundedFiles.read(f, "none", 16)).getFile());
        }
        try (ConfinedFiles.Folder f = ConfinedFiles.openFolder(root, root)) {
            assertThrows(ConfinedFiles.RefusedException.class, () -> BoundedFiles.read(f, "cam-01", 16));
        }
    }

    @Test
    @DisplayName("a linked folder is refused when opened as a folder, even one linking inside the root")
    void openFolder_linkedFolder_isRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("cam-02"), outside);
        Files.createSymbolicLink(root.resolve("cam-03"), root.resolve("cam-01"));
        for (String name : List.of("cam-02", "cam-03")) {
            ConfinedFiles.RefusedException e = assertThrows(ConfinedFiles.RefusedException.class,
                    () -> ConfinedFiles.openFolder(root, root.resolve(name)));
            assertEquals(ConfinedFiles.Refusal.LINK, e.reason());
            assertEquals(root.resolve(name), e.path());
        }
        Files.createDirectories(outside.resolve("deeper"));
        assertEquals(ConfinedFiles.Refusal.LINK, assertThrows(ConfinedFiles.RefusedException.class,
                () -> ConfinedFiles.openFolder(root, root.resolve("cam-02/deeper"))).reason());
        assertEquals(ConfinedFiles.Refusal.NOT_A_FOLDER, assertThrows(ConfinedFiles.RefusedException.class,
                () -> ConfinedFiles.openFolder(root, root.resolve("cam-01/chain.json"))).reason());
        assertEquals(ConfinedFiles.Refusal.OUTSIDE_ROOT, assertThrows(ConfinedFiles.RefusedException.class,
                () -> ConfinedFiles.openFolder(root, outside)).reason());
        assertThrows(NoSuchFileException.class, () -> ConfinedFiles.openFolder(root, root.resolve("none")));
    }

    @Test
    @DisplayName("an open folder opens child folders, tells what exists and deletes without following a link")
    void openFolder_childFoldersExistsAndDeletes_neverFollowALink() throws Exception {
        Path cam = root.resolve("cam-01");
        Path seg = Files.createDirectories(cam.resolve("000000000001"));
        Files.writeString(seg.resolve("manifest.json"), "{}");
        Files.writeString(outside.resolve("victim.txt"), "keep");
        Files.createSymbolicLink(seg.resolve("link.json"), outside.resolve("victim.txt"));
        Files.createSymbolicLink(cam.resolve("000000000002"), outside);
        try (ConfinedFiles.Folder c = ConfinedFiles.openFolder(root, cam)) {
            assertEquals(ConfinedFiles.Refusal.LINK, assertThrows(ConfinedFiles.RefusedException.class,
                    () -> c.folder("000000000002")).reason(), "a linked child folder is refused");
            assertEquals(null, c.folderIfExists("000000000009"));
            assertThrows(NoSuchFileException.class, () -> c.folder("000000000009"));
            assertEquals(ConfinedFiles.Refusal.OUTSIDE_ROOT, assertThrows(ConfinedFiles.RefusedException.class,
                    () -> c.folder("..")).reason());
            try (ConfinedFiles.Folder s = c.folder("000000000001")) {
                assertEquals(seg, s.path());
                assertTrue(s.exists("manifest.json") && s.exists("link.json") && !s.exists("none"));
                assertEquals(java.util.Optional.empty(), BoundedFiles.readIfExists(s, "none", 16));
                assertTrue(s.delete("link.json"), "the link itself goes");
                assertEquals("keep", Files.readString(outside.resolve("victim.txt")), "never what it points to");
                assertTrue(s.delete("manifest.json"));
                assertFalse(s.delete("manifest.json"));
            }
            assertEquals(ConfinedFiles.Refusal.FOLDER, assertThrows(ConfinedFiles.RefusedException.class,
                    () -> c.delete("000000000001")).reason());
            assertTrue(c.deleteFolder("000000000001"));
            assertFalse(c.deleteFolder("000000000001"));
            assertTrue(Files.isDirectory(outside), "a linked folder is not deleted through");
        }
        assertEquals(null, ConfinedFiles.openFolderIfExists(root, root.resolve("none")));
    }

    @Test
    @DisplayName("a listing separates files, folders and refused entries, sorted, and is bounded")
    void listing_isSortedAndBounded() throws Exception {
        Files.writeString(root.resolve("b.json"), "");
        Files.writeString(root.resolve("a.json"), "");
        Files.createSymbolicLink(root.resolve("cam-02"), outside);
        ConfinedFiles.Listing l = ConfinedFiles.list(root, root, 10);
        assertEquals(List.of(root.resolve("a.json"), root.resolve("b.json")), l.files());
        assertEquals(List.of(root.resolve("cam-01")), l.folders());
        assertEquals(List.of(new ConfinedFiles.Refused(root.resolve("cam-02"), ConfinedFiles.Refusal.LINK)),
                l.refused());
        assertThrows(ConfinedFiles.TooManyEntriesException.class, () -> ConfinedFiles.list(root, root, 3));
    }

    @Test
    @DisplayName("the root itself may be reached through a link (the caller's choice); below it nothing may")
    void rootThroughALink_isAllowed() throws Exception {
        Path alias = Files.createSymbolicLink(tmp.resolve("alias"), root);
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8),
                BoundedFiles.read(alias, alias.resolve("cam-01/chain.json"), 16));
        assertEquals(alias, ConfinedFiles.requireFolder(alias, alias));
    }

    @Test
    @DisplayName("a folder or a missing file: refused as a folder, NoSuchFileException naming the file")
    void folderAndMissing() {
        assertEquals(ConfinedFiles.Refusal.FOLDER, assertThrows(ConfinedFiles.RefusedException.class,
                () -> BoundedFiles.read(root, root.resolve("cam-01"), 16)).reason());
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> BoundedFiles.read(root, root.resolve("cam-01/none"), 16));
        assertEquals(root.resolve("cam-01/none").toString(), e.getFile());
        assertThrows(NoSuchFileException.class, () -> BoundedFiles.read(root, root.resolve("no/none"), 16));
    }

    @Test
    @DisplayName("a bounded stream fails instead of passing more than its limit")
    void boundedStream_stopsAtItsLimit() throws Exception {
        Path f = Files.write(root.resolve("big"), new byte[100]);
        assertThrows(BoundedFiles.TooLargeException.class, () -> BoundedFiles.newInputStream(root, f, 99));
        try (InputStream in = BoundedFiles.newInputStream(root, f, 100)) {
            assertEquals(100, in.readAllBytes().length);
        }
    }

    @Test
    @DisplayName("opening for writing creates a new file inside the root, never through a link")
    void openForWriting_createsInside() throws Exception {
        Path f = root.resolve("cam-01/new.bin");
        try (var ch = ConfinedFiles.open(root, f, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {1}));
        }
        assertEquals(1, Files.size(f));
        Path link = Files.createSymbolicLink(root.resolve("cam-01/l.bin"), outside.resolve("secret.txt"));
        assertThrows(ConfinedFiles.RefusedException.class,
                () -> ConfinedFiles.open(root, link, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE)));
        assertEquals("outside", Files.readString(outside.resolve("secret.txt")));
    }
}
