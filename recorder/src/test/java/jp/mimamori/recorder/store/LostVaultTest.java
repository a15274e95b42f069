package jp.mimamori.recorder.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lost key vault of an encrypted store is an error naming what became unreadable (invariant 6, S2). */
class LostVaultTest {
    @TempDir
    Path tmp;

    @Test
    @DisplayName("Invariant 6, S2 (attack): deleting keys.vault makes reopening the camera an error, never an empty vault")
    void deletedVault_isAnErrorNamingTheSegments_neverRecreated() throws Exception {
        Path store = tmp.resolve("store");
        try (Recorder rec = Recorder.open(store, StoreV2Test.options(true));
             CameraRecorder cam = rec.camera("cam-01")) {
            StoreV2Test.live(cam, StoreV2Test.random(1, 5000), 1);
            StoreV2Test.live(cam, StoreV2Test.random(2, 5000), 2);
        }
        Path vault = store.resolve("cam-01").resolve("keys.vault");
        Files.delete(vault);
        try (Recorder rec = Recorder.open(store, StoreV2Test.options(true))) {
            IOException e = assertThrows(IOException.class, () -> rec.camera("cam-01"));
            assertEquals("cam-01/keys.vault is missing while 2 encrypted segments of cam-01 are stored (sequences"
                    + " [0, 1]): without their data keys they are unreadable; the vault is not recreated empty —"
                    + " restore it from backup (invariant 6, S2)", e.getMessage());
        }
        assertFalse(Files.exists(vault), "not recreated empty");
    }
}
