package jp.mimamori.integrity.bundle;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Hand-made archives that break the bundle v1 rules, and the published vector bundle they start from. */
final class HostileArchives {
    private HostileArchives() {}

    static final Path VECTOR = Path.of("..", "docs", "vectors", "bundle-v1", "bundle.zip");

    static byte[] vector() throws Exception {
        return Files.readAllBytes(VECTOR);
    }

    /** The vector's trust: the recorder's PEM key and the log's .vkey beside it. */
    static jp.mimamori.integrity.keys.TrustStore vectorTrust() throws Exception {
        jp.mimamori.integrity.checkpoint.NoteVerifier v = jp.mimamori.integrity.checkpoint.NoteVerifier.parse(
                Files.readString(VECTOR.resolveSibling("evidence-log.vkey")).strip());
        return jp.mimamori.integrity.keys.TrustStore.builder()
                .addKey(jp.mimamori.integrity.keys.VerifyingKey.fromPem(Files.readString(
                        VECTOR.resolveSibling("recorder.pub.pem"))))
                .addKey(jp.mimamori.integrity.keys.VerifyingKey.fromRawEd25519(v.publicKey()),
                        jp.mimamori.integrity.keys.KeyScope.of(jp.mimamori.integrity.keys.KeyRole.LOG)
                                .withNoteName(v.name()))
                .build();
    }

    /** Where an entry of an archive lies: its local header, its data, its central directory record. */
    record Span(String name, long localOffset, long dataOffset, long size, long centralOffset) {}

    /** The entries of a well-formed archive (as our reader sees them), with their central directory records. */
    static List<Span> entries(byte[] zip) throws Exception {
        Path f = Files.createTempFile("spans", ".zip");
        try {
            Files.write(f, zip);
            List<Span> out = new java.util.ArrayList<>();
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f)) {
                jp.mimamori.integrity.bundle.internal.StoredZipReader.read(ch,
                        jp.mimamori.integrity.bundle.internal.StoredZipReader.Limits.bundle(),
                        new jp.mimamori.integrity.bundle.internal.StoredZipReader.Consumer() {
                            @Override
                            public long limit(String name) {
                                return Long.MAX_VALUE;
                            }

                            @Override
                            public boolean entry(String name, long size, long dataOffset, int crc,
                                                 java.io.InputStream data) {
                                out.add(new Span(name, -1, dataOffset, size, -1));
                                return false;
                            }

                            @Override
                            public void crcMismatch(String name) {}
                        });
            }
            ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
            int at = (int) (out.get(out.size() - 1).dataOffset() + out.get(out.size() - 1).size());
            List<Span> full = new java.util.ArrayList<>();
            for (Span s : out) {
                int n = b.getShort(at + 28) & 0xffff;
                int x = b.getShort(at + 30) & 0xffff;
                int c = b.getShort(at + 32) & 0xffff;
                // as our writer writes it: the ZIP64 field (tag, length, sizes) holds the local header's offset last
                int local = (int) b.getLong(at + 46 + n + 4 + 16);
                full.add(new Span(s.name(), local, s.dataOffset(), s.size(), at));
                at += 46 + n + x + c;
            }
            return full;
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** Recomputes an entry's CRC-32 in its local header and central directory record, as a tamperer would. */
    static void fixCrc(byte[] zip, Span s) {
        CRC32 crc = new CRC32();
        crc.update(zip, (int) s.dataOffset(), (int) s.size());
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) s.localOffset() + 14, (int) crc.getValue());
        b.putInt((int) s.centralOffset() + 16, (int) crc.getValue());
    }

    /** One entry of a hand-made archive. */
    record E(String name, byte[] data, int method, long unixMode) {
        static E of(String name, String text) {
            return new E(name, text.getBytes(StandardCharsets.UTF_8), 0, 0100644);
        }
    }

    /** A plain (not ZIP64) archive of these entries, written field by field, so any field can be wrong. */
    static byte[] zip(List<E> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] offsets = new long[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            E e = entries.get(i);
            offsets[i] = out.size();
            byte[] n = e.name().getBytes(StandardCharsets.ISO_8859_1);
            CRC32 crc = new CRC32();
            crc.update(e.data());
            ByteBuffer b = ByteBuffer.allocate(30 + n.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) e.method())
                    .putShort((short) 0).putShort((short) 0x21).putInt((int) crc.getValue())
                    .putInt(e.data().length).putInt(e.data().length).putShort((short) n.length).putShort((short) 0)
                    .put(n);
            out.writeBytes(b.array());
            out.writeBytes(e.data());
        }
        long cd = out.size();
        for (int i = 0; i < entries.size(); i++) {
            E e = entries.get(i);
            byte[] n = e.name().getBytes(StandardCharsets.ISO_8859_1);
            CRC32 crc = new CRC32();
            crc.update(e.data());
            ByteBuffer b = ByteBuffer.allocate(46 + n.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(0x02014b50).putShort((short) (3 << 8 | 20)).putShort((short) 20).putShort((short) 0)
                    .putShort((short) e.method()).putShort((short) 0).putShort((short) 0x21)
                    .putInt((int) crc.getValue()).putInt(e.data().length).putInt(e.data().length)
                    .putShort((short) n.length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putInt((int) (e.unixMode() << 16)).putInt((int) offsets[i]).put(n);
            out.writeBytes(b.array());
        }
        long cdSize = out.size() - cd;
        ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                .putShort((short) entries.size()).putInt((int) cdSize).putInt((int) cd).putShort((short) 0);
        out.writeBytes(end.array());
        return out.toByteArray();
    }

    /** A zip bomb as the JDK writes one: a DEFLATED entry of many zeros. */
    static byte[] deflateBomb() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            z.putNextEntry(new ZipEntry("bundle.json"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                z.write(zeros);
            }
            z.closeEntry();
        }
        return b.toByteArray();
    }
}
