package jp.mimamori.retention.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import jp.mimamori.core.error.CryptoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KEK comes from the caller, never from beside the vault (issue 12, K3-2-3, docs/ERASURE.md "Where the KEK
 * comes from"): a file elsewhere, owner-only; an environment secret; or the embedder's own (PKCS#11, KMS).
 */
class KeyEncryptionKeyProviderTest {
    @TempDir
    Path dir;

    @Test
    void generatedFile_isOwnerOnly_andReadsBackTheSameKek() throws Exception {
        Path f = dir.resolve("secrets/saku.kek");
        KeyEncryptionKeyProvider p = KeyEncryptionKeyProvider.generateFile(f);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(32, Files.size(f));
        assertEquals(p.get().id(), KeyEncryptionKeyProvider.file(f).get().id());
        IOException again = assertThrows(IOException.class, () -> KeyEncryptionKeyProvider.generateFile(f));
        assertTrue(again.getMessage().contains("not overwriting"));
    }

    @Test
    void kekFileOthersCanRead_isRefusedNamingTheFile() throws Exception {
        Path f = dir.resolve("kek");
        KeyEncryptionKeyProvider.generateFile(f);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        IOException e = assertThrows(IOException.class, () -> KeyEncryptionKeyProvider.file(f).get());
        assertTrue(e.getMessage().startsWith(f + ": holds a secret but is readable"), e.getMessage());
    }

    @Test
    void wrongLengthFile_isCryptoException() throws Exception {
        Path f = dir.resolve("short.kek");
        Files.write(f, new byte[16]);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        CryptoException e = assertThrows(CryptoException.class, () -> KeyEncryptionKeyProvider.file(f).get());
        assertTrue(e.getMessage().contains("exactly 32 bytes, not 16"), e.getMessage());
    }

    @Test
    void environmentSecret_isBase64Of32Bytes_andNeverQuoted() throws Exception {
        byte[] raw = new byte[32];
        raw[0] = 7;
        String b64 = Base64.getEncoder().encodeToString(raw);
        KeyEncryptionKey k = KeyEncryptionKeyProvider.environment("KEK", Map.of("KEK", b64)).get();
        assertEquals(KeyEncryptionKey.create(jp.mimamori.core.crypto.SecretBytes.copyOf(raw)).id(), k.id());
        IOException unset = assertThrows(IOException.class,
                () -> KeyEncryptionKeyProvider.environment("KEK", Map.of()).get());
        assertTrue(unset.getMessage().contains("KEK: not set"));
        CryptoException shortKey = assertThrows(CryptoException.class, () -> KeyEncryptionKeyProvider
                .environment("KEK", Map.of("KEK", Base64.getEncoder().encodeToString(new byte[8]))).get());
        assertFalse(shortKey.getMessage().contains(b64));
        assertThrows(CryptoException.class,
                () -> KeyEncryptionKeyProvider.environment("KEK", Map.of("KEK", "not base64!")).get());
    }

    @Test
    void embeddersOwnProvider_isALambda() throws Exception {
        KeyEncryptionKey fromHsm = KeyEncryptionKey.generate();
        KeyEncryptionKeyProvider pkcs11 = () -> fromHsm;
        assertEquals(fromHsm.id(), pkcs11.get().id());
    }
}
