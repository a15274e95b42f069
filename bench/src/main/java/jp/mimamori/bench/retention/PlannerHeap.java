package jp.mimamori.bench.retention;

import jp.mimamori.retention.plan.RetentionPlanner;

/**
 * Heap per segment of the planner's index: {@code java -Xmx4g -cp bench/target/benchmarks.jar
 * jp.mimamori.bench.retention.PlannerHeap}. Measures used heap after full GCs before and after building the
 * 10M-segment index (the camera id strings included), and the columns' own size.
 */
public final class PlannerHeap {
    private PlannerHeap() {}

    private static long used() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Prints bytes per segment. */
    public static void main(String[] args) throws Exception {
        long before = used();
        String[] ids = new String[PlannerBench.CAMERAS];
        long[] next = new long[PlannerBench.CAMERAS];
        RetentionPlanner p = PlannerBench.build(ids, next);
        long after = used();
        long n = p.segmentCount();
        System.out.printf("segments=%d cameras=%d heap_delta=%d bytes (%.1f B/segment), columns=%d bytes "
                + "(%.1f B/segment)%n", n, p.cameraCount(), after - before, (after - before) / (double) n,
                p.indexBytes(), p.indexBytes() / (double) n);
        System.out.println(p.segmentCount() > 0 ? "ok" : "empty");
    }
}
