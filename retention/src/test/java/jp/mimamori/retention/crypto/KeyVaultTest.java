package jp.mimamori.retention.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.retention.crypto.internal.KeyVaultFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyVaultTest {
    @TempDir
    Path dir;

    private static int indexOf(byte[] hay, byte[] needle) {
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

    @Test
    @DisplayName("K3-2-3: destroying a data key removes it and overwrites its wrapped bytes; others still open")
    void destroy_removesKeyAndOverwritesOldBytes() throws Exception {
        KeyEncryptionKey kek = KeyEncryptionKey.generate();
        Path f = dir.resolve("keys.vault");
        KeyVault v = KeyVault.open(f, kek);
        List<SecretBytes> keys = v.createAll(List.of("cam-1/0", "cam-1/1", "cam-1/2"));
        byte[] before = Files.readAllBytes(f);
        KeyVaultFile.Entry doomed = KeyVaultFile.parse(before).entries().get(1);
        // Keep a handle on the old inode, as a stale reader would.
        try (FileChannel old = FileChannel.open(f, StandardOpenOption.READ)) {
            assertEquals(1, v.destroy(List.of("cam-1/1", "cam-9/9")));
            ByteBuffer b = ByteBuffer.allocate((int) old.size());
            old.read(b, 0);
            assertEquals(-1, indexOf(b.array(), doomed.wrapped()), "old inode no longer holds the wrapped key");
        }
        assertEquals(-1, indexOf(Files.readAllBytes(f), doomed.wrapped()));
        assertFalse(v.contains("cam-1/1"));
        CryptoException e = assertThrows(CryptoException.class, () -> v.get("cam-1/1"));
        assertEquals("data key cam-1/1: not in the vault (destroyed or never created)", e.getMessage());
        KeyVault reopened = KeyVault.open(f, kek);
        assertTrue(reopened.get("cam-1/0").equalsSecretBytes(keys.get(0)));
        assertTrue(reopened.get("cam-1/2").equalsSecretBytes(keys.get(2)));
        assertEquals(0, reopened.destroy(List.of("cam-1/1")), "destroying again is a no-op");
    }

    @Test
    @DisplayName("K3-2-3: each destroyed record, adjacent or not, is overwritten in place as an empty slot")
    void destroy_overwritesEachRecordAsASlot() throws Exception {
        KeyEncryptionKey kek = KeyEncryptionKey.generate();
        Path f = dir.resolve("keys.vault");
        KeyVault v = KeyVault.open(f, kek);
        List<String> ids = List.of("c/0", "c/10", "c/200", "c/3000", "c/4", "c/55555", "c/6");
        v.createAll(ids);
        byte[] before = Files.readAllBytes(f);
        List<KeyVaultFile.Entry> entries = KeyVaultFile.parse(before).entries();
        List<String> doomed = List.of("c/5555", "c/10", "c/200", "c/3000", "c/55555"); // a run of three, one alone
        try (FileChannel old = FileChannel.open(f, StandardOpenOption.READ)) {
            assertEquals(4, v.destroy(doomed));
            ByteBuffer b = ByteBuffer.allocate((int) old.size());
            old.read(b, 0);
            byte[] after = b.array();
            assertEquals(before.length, after.length);
            for (KeyVaultFile.Entry e : entries) {
                int at = (int) e.offset();
                for (int i = at; i < at + e.length(); i++) {
                    byte expected = !doomed.contains(e.id()) || i == at + 1 ? before[i] : 0;
                    assertEquals(expected, after[i], e.id() + " byte " + (i - at));
                }
            }
            assertArrayEquals(java.util.Arrays.copyOf(before, KeyVaultFile.HEADER_LENGTH),
                    java.util.Arrays.copyOf(after, KeyVaultFile.HEADER_LENGTH));
        }
        assertEquals(List.of("c/0", "c/4", "c/6"), KeyVault.open(f, kek).ids());
    }

    @Test
    @DisplayName("A crash after the commit point (FILE.new renamed) is completed on open")
    void crashAfterCommit_completedOnOpen() throws Exception {
        KeyEncryptionKey kek = KeyEncryptionKey.generate();
        Path f = dir.resolve("keys.vault");
        KeyVault v = KeyVault.open(f, kek);
        v.createAll(List.of("c/0", "c/1"));
        byte[] wrapped0 = KeyVaultFile.parse(Files.readAllBytes(f)).entries().get(0).wrapped();
        // Simulate steps 1 done, 2 and 3 not: FILE.new holds only c/1, FILE still holds both.
        byte[] next = concat(KeyVaultFile.header(kek.checkValue()),
                KeyVaultFile.record("c/1", KeyVaultFile.parse(Files.readAllBytes(f)).entries().get(1).wrapped()));
        Files.write(dir.resolve("keys.vault.new"), next);
        Files.write(dir.resolve("keys.vault.tmp"), new byte[] {1, 2, 3});
        KeyVault r = KeyVault.open(f, kek);
        assertEquals(List.of("c/1"), r.ids());
        assertFalse(Files.exists(dir.resolve("keys.vault.new")));
        assertFalse(Files.exists(dir.resolve("keys.vault.tmp")));
        assertEquals(-1, indexOf(Files.readAllBytes(f), wrapped0));
    }

    @Test
    @DisplayName("A torn append (crash while adding a key) is cut; earlier keys survive")
    void tornTail_isCut() throws Exception {
        KeyEncryptionKey kek = KeyEncryptionKey.generate();
        Path f = dir.resolve("keys.vault");
        SecretBytes k0 = KeyVault.open(f, kek).create("c/0");
        Files.write(f, new byte[] {1, 3, 'c', '/', '1', 9, 9}, StandardOpenOption.APPEND);
        KeyVault v = KeyVault.open(f, kek);
        assertEquals(List.of("c/0"), v.ids());
        assertTrue(v.get("c/0").equalsSecretBytes(k0));
        v.create("c/1");
        assertEquals(2, KeyVault.open(f, kek).size());
    }

    @Test
    void wrongKek_isReportedAsSuch() throws Exception {
        Path f = dir.resolve("keys.vault");
        KeyVault.open(f, KeyEncryptionKey.generate()).create("c/0");
        CryptoException e = assertThrows(CryptoException.class, () -> KeyVault.open(f, KeyEncryptionKey.generate()));
        assertEquals("key vault keys.vault: written under another key-encryption key (KEK id differs)",
                e.getMessage());
    }

    @Test
    @DisplayName("Re-wrapping under a new KEK: stale wrapped copies no longer open anything")
    void rewrap_underNewKek() throws Exception {
        KeyEncryptionKey old = KeyEncryptionKey.generate();
        Path f = dir.resolve("keys.vault");
        KeyVault v = KeyVault.open(f, old);
        SecretBytes k = v.create("c/0");
        byte[] staleWrapped = KeyVaultFile.parse(Files.readAllBytes(f)).entries().get(0).wrapped();
        KeyEncryptionKey fresh = KeyEncryptionKey.generate();
        v.rewrap(fresh);
        assertTrue(KeyVault.open(f, fresh).get("c/0").equalsSecretBytes(k));
        assertThrows(CryptoException.class, () -> fresh.unwrap("c/0", staleWrapped));
        assertEquals(-1, indexOf(Files.readAllBytes(f), staleWrapped));
    }

    @Test
    void malformedVaults_failWithClearMessages() {
        assertEquals("key vault: shorter than its 21-byte header",
                assertThrows(VaultFormatException.class, () -> KeyVaultFile.parse(new byte[3])).getMessage());
        assertEquals("key vault: bad magic (expected \"MMKV\")",
                assertThrows(VaultFormatException.class, () -> KeyVaultFile.parse(new byte[21])).getMessage());
        byte[] v2 = KeyVaultFile.header(new byte[16]);
        v2[4] = 2;
        assertEquals("key vault: unsupported version 2 (expected 1)",
                assertThrows(VaultFormatException.class, () -> KeyVaultFile.parse(v2)).getMessage());
        byte[] rec = KeyVaultFile.record("c/0", new byte[60]);
        byte[] bad = concat(KeyVaultFile.header(new byte[16]), rec, rec);
        bad[21 + 10] ^= 1;
        assertEquals("key vault: record at byte 21 fails its check",
                assertThrows(VaultFormatException.class, () -> KeyVaultFile.parse(bad)).getMessage());
        byte[] dup = concat(KeyVaultFile.header(new byte[16]), rec, rec);
        assertEquals("key vault: duplicate key id c/0 at byte 94",
                assertThrows(VaultFormatException.class, () -> KeyVaultFile.parse(dup)).getMessage());
    }

    @Test
    void parsedVault_roundTripsItsRecords() throws Exception {
        byte[] w = new byte[60];
        w[5] = 7;
        KeyVaultFile.Parsed p = KeyVaultFile.parse(concat(KeyVaultFile.header(new byte[16]),
                KeyVaultFile.record("a/1", w)));
        assertEquals("a/1", p.entries().get(0).id());
        assertArrayEquals(w, p.entries().get(0).wrapped());
        assertFalse(p.tornTail());
    }

    /** The vault as a full parse of its file reads it: ids, offsets and keys. */
    private static void assertAsFullParse(KeyVault v, Path f, KeyEncryptionKey kek) throws Exception {
        KeyVaultFile.Parsed p = KeyVaultFile.parse(Files.readAllBytes(f));
        java.util.Map<String, Long> offsets = new java.util.LinkedHashMap<>();
        p.entries().forEach(e -> offsets.put(e.id(), e.offset()));
        assertEquals(offsets, v.offsets(), "ids and offsets as the file holds them");
        for (KeyVaultFile.Entry e : p.entries()) {
            assertTrue(v.get(e.id()).equalsSecretBytes(kek.unwrap(e.id(), e.wrapped())), e.id());
        }
    }

    /** Overwrites the record of {@code id} in place as an empty slot (what a destroy's step 2 does). */
    private static void zeroInPlace(Path f, String id) throws Exception {
        byte[] b = Files.readAllBytes(f);
        KeyVaultFile.Entry e = KeyVaultFile.parse(b).entries().stream().filter(x -> x.id().equals(id)).findFirst()
                .orElseThrow();
        for (int i = (int) e.offset(); i < e.offset() + e.length(); i++) {
            b[i] = i == e.offset() + 1 ? b[i] : 0;
        }
        Files.write(f, b); // the same length
    }

    @Test
    @DisplayName("K3-2-3: a vault reopened in this process after another writer session changed it reads the file as"
            + " it is now — appended keys, destroyed keys, a slot zeroed in place, a same-length replacement — and"
            + " destroys the right records")
    void reopen_afterAnotherWriterSession_readsTheFileAsItIs() throws Exception {
        KeyEncryptionKey kek = KeyEncryptionKey.generate();
        Path f = dir.resolve("keys.vault");
        KeyVault first = KeyVault.open(f, kek);
        first.createAll(List.of("a/0", "a/1", "a/2", "a/3"));
        first.destroy(List.of("a/0")); // remembered as rewritten here
        // Keys appended by another session: read after what was known, at their offsets.
        List<SecretBytes> added = KeyVault.open(f, kek).createAll(List.of("b/0", "b/1"));
        KeyVault r = KeyVault.open(f, kek);
        assertAsFullParse(r, f, kek);
        assertTrue(r.get("b/1").equalsSecretBytes(added.get(1)));
        byte[] wrappedB0 = KeyVaultFile.parse(Files.readAllBytes(f)).entries().get(3).wrapped();
        assertEquals(1, r.destroy(List.of("b/0")));
        assertEquals(List.of("a/1", "a/2", "a/3", "b/1"), KeyVault.open(f, kek).ids());
        assertEquals(-1, indexOf(Files.readAllBytes(f), wrappedB0));
        // A record zeroed in place, the file's length unchanged: the key is gone when reopened.
        zeroInPlace(f, "a/2");
        KeyVault z = KeyVault.open(f, kek);
        assertFalse(z.contains("a/2"));
        assertAsFullParse(z, f, kek);
        // The file replaced by another vault of the same length (same ids, other keys): its keys are read.
        Path other = dir.resolve("other.vault");
        KeyVault o = KeyVault.open(other, kek);
        List<SecretBytes> otherKeys = o.createAll(z.ids());
        Files.copy(other, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(Files.size(other), Files.size(f));
        KeyVault replaced = KeyVault.open(f, kek);
        assertTrue(replaced.get("a/1").equalsSecretBytes(otherKeys.get(0)), "the key the file holds now");
        assertAsFullParse(replaced, f, kek);
        assertEquals(1, replaced.destroy(List.of("a/3")));
        assertEquals(List.of("a/1", "b/1"), KeyVault.open(f, kek).ids());
        assertAsFullParse(KeyVault.open(f, kek), f, kek);
    }

    @Test
    @DisplayName("K3-2-3: a destroy copying from a file another writer changed under it is not vouched for: the next"
            + " open reads the file whole")
    void destroyOverAFileChangedUnderIt_nextOpenReadsTheFileWhole() throws Exception {
        KeyEncryptionKey kek = KeyEncryptionKey.generate();
        Path f = dir.resolve("keys.vault");
        KeyVault v = KeyVault.open(f, kek);
        v.createAll(List.of("c/0", "c/1", "c/2"));
        zeroInPlace(f, "c/1"); // behind v's back: v still lists c/1
        assertTrue(v.contains("c/1"));
        v.destroy(List.of("c/2"));
        KeyVault reopened = KeyVault.open(f, kek);
        assertAsFullParse(reopened, f, kek);
        assertFalse(reopened.contains("c/1"), "the slot the other writer zeroed is no key");
    }

    @Test
    @DisplayName("K3-2-3: whatever two writer sessions do to a vault in turn, reopening it reads what a full parse of"
            + " its file reads")
    void reopen_afterRandomSessions_isAFullParse() {
        jp.mimamori.testing.Props.theory(30).forAll(org.quicktheories.generators.SourceDSL.longs().all())
                .checkAssert(seed -> {
                    try {
                        randomSessions(seed);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
    }

    private void randomSessions(long seed) throws Exception {
        java.util.Random rnd = new java.util.Random(seed);
        KeyEncryptionKey kek = KeyEncryptionKey.generate();
        Path f = Files.createTempDirectory(dir, "p").resolve("keys.vault");
        Path backup = f.resolveSibling("backup");
        int next = 0;
        KeyVault held = KeyVault.open(f, kek);
        for (int step = 0; step < 12; step++) {
            KeyVault session = rnd.nextBoolean() ? held : KeyVault.open(f, kek);
            switch (rnd.nextInt(5)) {
                case 0, 1 -> {
                    List<String> ids = new java.util.ArrayList<>();
                    for (int i = rnd.nextInt(4); i >= 0; i--) {
                        ids.add("s/" + next++);
                    }
                    KeyVault.open(f, kek).createAll(ids);
                }
                case 2 -> {
                    List<String> live = KeyVault.open(f, kek).ids();
                    if (!live.isEmpty()) {
                        session.destroy(List.of(live.get(rnd.nextInt(live.size()))));
                    }
                }
                case 3 -> {
                    List<String> live = KeyVault.open(f, kek).ids();
                    if (!live.isEmpty()) {
                        zeroInPlace(f, live.get(rnd.nextInt(live.size())));
                    }
                }
                default -> {
                    if (Files.exists(backup) && rnd.nextBoolean()) {
                        Files.copy(backup, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // a restore
                    } else {
                        Files.copy(f, backup, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            held = KeyVault.open(f, kek);
            assertAsFullParse(held, f, kek);
        }
    }

    /** The vault reader never throws anything but VaultFormatException on arbitrary bytes. */
    @FuzzTest(maxDuration = "10s")
    void vaultReader_onlyFormatErrors(FuzzedDataProvider data) {
        byte[] b = data.consumeRemainingAsBytes();
        try {
            KeyVaultFile.Parsed p = KeyVaultFile.parse(b);
            if (p.validLength() > b.length) {
                throw new AssertionError("validLength beyond input");
            }
        } catch (VaultFormatException expected) {
            // the only failure allowed
        }
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
