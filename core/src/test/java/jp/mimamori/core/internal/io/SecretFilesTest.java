package jp.mimamori.core.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets kept (issue 12, K3-2-3): written owner-only from creation, read only when no one else can read them. */
class SecretFilesTest {
    @TempDir
    Path dir;

    private String mode(Path f) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
    }

    @Test
    void ownerOnlyReplace_isRwOwnerOnly_evenOverAStaleWideTemporaryFile() throws Exception {
        Path key = dir.resolve("private.pem");
        Path stale = dir.resolve(".private.pem.tmp");
        Files.write(stale, new byte[] {9});
        Files.setPosixFilePermissions(stale, PosixFilePermissions.fromString("rw-rw-rw-"));
        DurableFiles.replace(key, new byte[] {1, 2}, DurableFiles.Access.OWNER_ONLY);
        assertEquals("rw-------", mode(key));
        assertFalse(Files.exists(stale));
        // Replacing a key that someone had widened gives a fresh owner-only file.
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        DurableFiles.replace(key, new byte[] {3}, DurableFiles.Access.OWNER_ONLY);
        assertEquals("rw-------", mode(key));
        assertArrayEquals(new byte[] {3}, Files.readAllBytes(key));
    }

    @Test
    void ordinaryReplace_isUnchanged() throws Exception {
        Path f = dir.resolve("public.pem");
        DurableFiles.replace(f, new byte[] {1});
        assertTrue(Files.getPosixFilePermissions(f).contains(java.nio.file.attribute.PosixFilePermission.OWNER_READ));
    }

    @Test
    void secretOthersCanRead_isRefusedInOneLineNamingFileModeAndFix() throws Exception {
        Path key = dir.resolve("kek.bin");
        DurableFiles.replace(key, new byte[] {1, 2, 3}, DurableFiles.Access.OWNER_ONLY);
        assertArrayEquals(new byte[] {1, 2, 3}, SecretFiles.read(key, 16, false));
        for (String wide : new String[] {"rw-r-----", "rw----r--", "rw--w----"}) {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(wide));
            SecretFiles.ExposedSecretException e = assertThrows(SecretFiles.ExposedSecretException.class,
                    () -> SecretFiles.read(key, 16, true));
            assertEquals(1, e.getMessage().lines().count());
            assertTrue(e.getMessage().startsWith(key + ": holds a secret but is readable or writable by group or others"
                    + " (mode " + wide + "); run chmod 600 on it"), e.getMessage());
        }
    }

    @Test
    void linkToAWideSecret_isJudgedByItsTarget() throws Exception {
        Path key = Files.write(dir.resolve("real.pem"), new byte[] {1});
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Path link = Files.createSymbolicLink(dir.resolve("link.pem"), key);
        assertThrows(SecretFiles.ExposedSecretException.class, () -> SecretFiles.read(link, 16, false));
    }

    @Test
    void missingOrSpecialFile_isBoundedFilesError() {
        assertThrows(java.io.IOException.class, () -> SecretFiles.read(dir.resolve("none"), 16, false));
        assertThrows(java.io.IOException.class, () -> SecretFiles.read(dir, 16, false));
    }
}
