package jp.mimamori.recorder.export;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import jp.mimamori.integrity.bundle.BundleManifest;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.manifest.ManifestSignature;

/** A bundle's entries read with the JDK's ZIP reader and written back changed: what a tamperer would do. */
final class Repack {
    private Repack() {}

    static Map<String, byte[]> read(Path zip) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                out.put(e.getName(), z.getInputStream(e).readAllBytes());
            }
        }
        return out;
    }

    static Path write(Map<String, byte[]> entries, Path zip) throws Exception {
        try (java.util.zip.ZipOutputStream w = new java.util.zip.ZipOutputStream(
                java.nio.file.Files.newOutputStream(zip))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                z.setMethod(ZipEntry.STORED);
                z.setSize(e.getValue().length);
                z.setCompressedSize(e.getValue().length);
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(e.getValue());
                z.setCrc(crc.getValue());
                w.putNextEntry(z);
                w.write(e.getValue());
                w.closeEntry();
            }
        }
        return zip;
    }

    /** Changes the entries, then writes them to {@code out}. */
    static Path change(Path in, Path out, UnaryOperator<Map<String, byte[]>> f) throws Exception {
        return write(f.apply(read(in)), out);
    }

    /** Replaces bundle.json and signs it again with {@code key} (an insider holding the city's key). */
    static void resign(Map<String, byte[]> entries, BundleManifest m, SigningKey key) {
        resign(entries, m.encode(), key);
    }

    /** Replaces bundle.json with {@code bytes}, which need not be a valid manifest, and signs them with {@code key}. */
    static void resign(Map<String, byte[]> entries, byte[] bytes, SigningKey key) {
        try {
            entries.put("bundle.json", bytes);
            entries.put("bundle.sig.json", new ManifestSignature(key.algorithm().wireName(), key.keyId(),
                    key.verifyingKey().spkiDer(), java.security.MessageDigest.getInstance("SHA-256").digest(bytes),
                    key.sign(bytes)).encode());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
