package jp.mimamori.integrity.seal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.testutil.FolderStore;
import jp.mimamori.integrity.testutil.Recordings;

/** A recorder in a child JVM: seals segments into the store given as args[0] until killed. */
public final class SealerChild {
    private SealerChild() {}

    /** Seals forever, printing "sealed N" after each segment. */
    public static void main(String[] args) throws Exception {
        FolderStore store = FolderStore.at(Path.of(args[0]));
        CameraChain chain = store.openChain(Recordings.CAMERA, Recordings.fixedKey());
        Random r = new Random(Long.parseLong(args[1]));
        long t = 1_775_000_000_000_000L;
        System.out.println("ready");
        System.out.flush();
        while (true) {
            int n = 5 + r.nextInt(20);
            List<byte[]> units = new ArrayList<>();
            long[] times = new long[n];
            for (int i = 0; i < n; i++) {
                byte[] u = new byte[1024 + r.nextInt(4096)];
                r.nextBytes(u);
                units.add(u);
                times[i] = t += 40_000;
            }
            var m = store.sealUnits(chain, SegmentManifest.KIND_CHUNK, units, times);
            System.out.println("sealed " + m.manifest().sequence());
            System.out.flush();
        }
    }
}
