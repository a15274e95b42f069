package jp.mimamori.retention.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import jp.mimamori.core.evidence.ErasureMethod;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.retention.erase.ErasableStore;

/**
 * A store in memory that outlives simulated crashes (as a disk would), with a hook that checks write-ahead
 * conditions at the moment of erasure.
 */
public final class FakeStore implements ErasableStore {
    private final TreeMap<String, SegmentRef> live = new TreeMap<>();
    private final Set<String> erased = new LinkedHashSet<>();
    private Consumer<SegmentRef> beforeErase = s -> { };

    /** Adds a recorded segment. */
    public synchronized void record(SegmentRef s) {
        live.put(key(s), s);
    }

    /** Called for every segment just before its data is erased. */
    public void beforeErase(Consumer<SegmentRef> hook) {
        beforeErase = hook;
    }

    static String key(SegmentRef s) {
        return s.cameraId() + "/" + s.sequence();
    }

    @Override
    public synchronized List<SegmentRef> list() {
        return new ArrayList<>(live.values());
    }

    @Override
    public synchronized Optional<SegmentRef> find(String cameraId, long sequence) {
        return Optional.ofNullable(live.get(cameraId + "/" + sequence));
    }

    @Override
    public ErasureMethod method() {
        return ErasureMethod.CRYPTO_ERASE;
    }

    @Override
    public synchronized List<Result> erase(List<SegmentRef> segments) throws IOException {
        List<Result> out = new ArrayList<>();
        for (SegmentRef s : segments) {
            String k = key(s);
            if (live.containsKey(k)) {
                beforeErase.accept(s);
                live.remove(k);
                erased.add(k);
            }
            out.add(new Result(erased.contains(k), erased.contains(k) ? "key destroyed" : "unknown segment"));
        }
        return out;
    }

    @Override
    public synchronized List<String> fileKeys() {
        return new ArrayList<>(live.keySet());
    }

    @Override
    public synchronized List<String> entryKeys() {
        List<String> out = new ArrayList<>(live.keySet());
        out.addAll(erased);
        return out;
    }

    @Override
    public synchronized List<String> erasedKeys() {
        return new ArrayList<>(erased);
    }
}
