package jp.mimamori.integrity.verify;

import static jp.mimamori.core.finding.VerificationCode.CHAIN_BROKEN;
import static jp.mimamori.core.finding.VerificationCode.CHAIN_RESTARTED;
import static jp.mimamori.core.finding.VerificationCode.KEY_CHANGED;
import static jp.mimamori.core.finding.VerificationCode.KEY_UNTRUSTED;
import static jp.mimamori.core.finding.VerificationCode.MANIFEST_MODIFIED;
import static jp.mimamori.core.finding.VerificationCode.SEGMENT_ERASED;
import static jp.mimamori.core.finding.VerificationCode.SEGMENT_INSERTED;
import static jp.mimamori.core.finding.VerificationCode.SEGMENT_MISSING;
import static jp.mimamori.core.finding.VerificationCode.SEGMENT_REORDERED;
import static jp.mimamori.core.finding.VerificationCode.SEGMENT_REPLAYED;
import static jp.mimamori.core.finding.VerificationCode.SIGNATURE_INVALID;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import jp.mimamori.core.evidence.ErasureReceipt;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.integrity.manifest.ChainEvent;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.seal.internal.ChainState;
import jp.mimamori.integrity.store.internal.StoreLayout;

/**
 * Verifies sealed recordings: a segment or clip folder (has {@code manifest.json}), a camera folder (has
 * {@code chain.json} or segment folders) or a store (a folder of camera folders). Never throws on hostile input.
 *
 * <pre>{@code
 * VerificationReport r = new RecordingVerifier().verify(Path.of("store"),
 *         new VerifyContext(TrustStore.fromPemFiles(List.of(Path.of("keys/public.pem"))), receipts));
 * }</pre>
 */
public final class RecordingVerifier implements PathVerifier {
    /** Gaps longer than this are reported as one finding rather than one per segment. */
    private static final long MAX_GAP_FINDINGS = 10_000;

    @Override
    public String kind() {
        return "store";
    }

    @Override
    public boolean accepts(Path path) {
        if (!Files.isDirectory(path)) {
            return false;
        }
        if (Files.isRegularFile(path.resolve(StoreLayout.MANIFEST)) || isCameraDir(path)) {
            return true;
        }
        try (Stream<Path> s = Files.list(path)) {
            return s.anyMatch(RecordingVerifier::isCameraDir);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isCameraDir(Path p) {
        if (!Files.isDirectory(p)) {
            return false;
        }
        if (Files.isRegularFile(p.resolve(StoreLayout.CHAIN))) {
            return true;
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.anyMatch(c -> Files.isDirectory(c)
                    && StoreLayout.SEGMENT_DIR.matcher(c.getFileName().toString()).matches());
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public VerificationReport verify(Path path, VerifyContext ctx) {
        List<Finding> out = new ArrayList<>();
        try {
            if (Files.isRegularFile(path.resolve(StoreLayout.MANIFEST))) {
                verifySegmentFolder(path, ctx, out);
            } else if (isCameraDir(path)) {
                verifyCamera(path, path.getFileName().toString(), ctx, out);
            } else {
                List<Path> cams;
                try (Stream<Path> s = Files.list(path)) {
                    cams = s.filter(RecordingVerifier::isCameraDir).sorted().toList();
                }
                for (Path cam : cams) {
                    verifyCamera(cam, cam.getFileName().toString(), ctx, out);
                }
            }
        } catch (IOException | RuntimeException e) {
            // A folder that cannot be listed, or anything unforeseen: reported, never thrown.
            out.add(Msg.f(SEGMENT_MISSING, Location.entry(path.getFileName() == null ? "" : path.getFileName()
                    .toString()), "記録を読み取れません: " + e, "the recording cannot be read: " + e));
        }
        return new VerificationReport(out);
    }

    /** A single segment or clip folder: everything but the chain. */
    private void verifySegmentFolder(Path dir, VerifyContext ctx, List<Finding> out) {
        String name = dir.getFileName() == null ? "." : dir.getFileName().toString();
        SegmentCheck c = SegmentCheck.load(dir, name, null, new byte[1 << 20]);
        out.addAll(c.findings);
        if (c.manifest != null && c.sig != null && !c.sigValid) {
            out.add(classifyBadSignature(c, Set.of(), null));
        }
        if (c.manifest != null && c.sigValid && ctx.trust().find(c.manifest.keyId()).isEmpty()) {
            out.add(untrusted(c));
        }
        if (c.manifest != null) {
            for (ChainEvent ev : c.manifest.events()) {
                Finding f = eventFinding(c, ev, ctx, false);
                if (f != null) {
                    out.add(f);
                }
            }
        }
    }

    private void verifyCamera(Path camDir, String camera, VerifyContext ctx, List<Finding> out) throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(camDir)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        byte[] buffer = new byte[1 << 20];
        List<SegmentCheck> all = new ArrayList<>();
        for (Path d : dirs) {
            String n = d.getFileName().toString();
            Long folderSeq = StoreLayout.SEGMENT_DIR.matcher(n).matches() ? Long.valueOf(n) : null;
            SegmentCheck c = SegmentCheck.load(d, camera + "/" + n, folderSeq, buffer);
            out.addAll(c.findings);
            all.add(c);
        }
        ChainState state = null;
        Path stateFile = camDir.resolve(StoreLayout.CHAIN);
        if (Files.isRegularFile(stateFile)) {
            try {
                ChainState s = ChainState.parse(SegmentCheck.readLimited(stateFile, 4096));
                state = s.camera().equals(camera) ? s : null;
            } catch (IOException | IllegalArgumentException e) {
                state = null; // the state file is a hint only
            }
        }

        // 1. Foreign cameras, replays, duplicates of a sequence number.
        Map<ByteBuffer, List<SegmentCheck>> byHash = new HashMap<>();
        List<SegmentCheck> candidates = new ArrayList<>();
        Set<Long> unsealedByCrash = new HashSet<>();
        for (SegmentCheck c : all) {
            if (c.manifest == null) {
                continue;
            }
            if (!c.manifest.camera().equals(camera) && c.sig != null && !c.sigValid) {
                out.add(classifyBadSignature(c, Set.of(), null)); // an edited camera field, most likely
                continue;
            }
            if (!c.manifest.camera().equals(camera)) {
                out.add(Msg.f(SEGMENT_INSERTED, c.where(), "カメラ " + c.manifest.camera()
                        + " のセグメントがこのカメラの記録に挿入されています", "a segment of camera " + c.manifest.camera()
                        + " was inserted into this camera's recording"));
                continue;
            }
            byHash.computeIfAbsent(ByteBuffer.wrap(c.hash), k -> new ArrayList<>()).add(c);
        }
        for (List<SegmentCheck> same : byHash.values()) {
            SegmentCheck orig = same.stream().filter(c -> c.folderSeq != null && c.folderSeq == c.seq())
                    .findFirst().orElse(same.get(0));
            candidates.add(orig);
            for (SegmentCheck c : same) {
                if (c != orig) {
                    out.add(Msg.f(SEGMENT_REPLAYED, c.where(), "セグメント " + c.seq() + " が " + c.entry
                            + " に重複しています (再生)", "segment " + c.seq() + " is repeated at " + c.entry
                            + " (replayed)"));
                }
            }
        }
        Map<Long, List<SegmentCheck>> bySeq = new TreeMap<>();
        Set<ByteBuffer> hashes = new HashSet<>();
        for (SegmentCheck c : candidates) {
            bySeq.computeIfAbsent(c.seq(), k -> new ArrayList<>()).add(c);
            hashes.add(ByteBuffer.wrap(c.hash));
        }
        TreeMap<Long, SegmentCheck> chain = new TreeMap<>();
        for (Map.Entry<Long, List<SegmentCheck>> e : bySeq.entrySet()) {
            List<SegmentCheck> cs = e.getValue();
            SegmentCheck pick = cs.get(0);
            if (cs.size() > 1) {
                List<SegmentCheck> prevs = bySeq.getOrDefault(e.getKey() - 1, List.of());
                List<SegmentCheck> nexts = bySeq.getOrDefault(e.getKey() + 1, List.of());
                SegmentCheck best = null;
                for (SegmentCheck c : cs) {
                    boolean linksBack = prevs.stream().anyMatch(p -> Arrays.equals(c.manifest.prevManifestHash(),
                            p.hash));
                    boolean linkedForward = nexts.stream().anyMatch(n -> Arrays.equals(n.manifest
                            .prevManifestHash(), c.hash));
                    if ((linksBack || linkedForward) && c.sigValid && best == null) {
                        best = c;
                    }
                }
                if (best == null) {
                    best = cs.stream().filter(c -> c.folderSeq != null && c.folderSeq == c.seq()).findFirst()
                            .orElse(cs.get(0));
                }
                pick = best;
                for (SegmentCheck c : cs) {
                    if (c != pick) {
                        out.add(Msg.f(SEGMENT_INSERTED, c.where(), "チェーンに属さないセグメント " + c.seq()
                                + " が " + c.entry + " に挿入されています", "a segment " + c.seq()
                                + " that is not part of the chain was inserted at " + c.entry));
                    }
                }
            }
            chain.put(e.getKey(), pick);
        }

        // 2. Position, signature, chain links, gaps, keys, events.
        Set<String> announced = new HashSet<>();
        SegmentCheck prev = null;
        for (SegmentCheck c : chain.values()) {
            if (c.folderSeq != null && c.folderSeq != c.seq()) {
                out.add(Msg.f(SEGMENT_REORDERED, c.where(), "セグメント " + c.seq() + " が " + c.entry
                        + " の位置に移動されています", "segment " + c.seq() + " was moved to " + c.entry));
            }
            SegmentCheck next = chain.get(c.seq() + 1);
            if (c.sig != null && !c.sigValid) {
                out.add(classifyBadSignature(c, hashes, next));
            }
            long crashed = -1;
            for (ChainEvent ev : c.manifest.events()) {
                if (ev instanceof ChainEvent.Restart r && r.unsealedSequence() >= 0
                        && r.unsealedSequence() == c.seq() - 1) {
                    crashed = r.unsealedSequence();
                    unsealedByCrash.add(crashed);
                }
            }
            long expectedPrev = crashed >= 0 ? c.seq() - 2 : c.seq() - 1;
            long from = prev == null ? 0 : prev.seq() + 1;
            gaps(camera, from, crashed >= 0 ? c.seq() - 1 : c.seq(), c, ctx, out);
            byte[] ph = c.manifest.prevManifestHash();
            if (ph == null && c.seq() != 0 && expectedPrev >= 0) {
                out.add(Msg.f(CHAIN_BROKEN, c.where(), "セグメント " + c.seq() + " が前のマニフェストを指さずに新しいチェーンを始めています",
                        "segment " + c.seq() + " starts a new chain without naming the previous manifest"));
            } else if (ph != null && c.seq() == 0) {
                out.add(Msg.f(CHAIN_BROKEN, c.where(), "セグメント 0 が存在しない前のマニフェストを指しています",
                        "segment 0 names a previous manifest, which cannot exist"));
            } else if (ph != null && prev != null && prev.seq() == expectedPrev && !Arrays.equals(ph, prev.hash)) {
                out.add(Msg.f(CHAIN_BROKEN, c.where(), "セグメント " + c.seq() + " の前マニフェストハッシュがセグメント "
                        + prev.seq() + " のマニフェストと一致しません", "segment " + c.seq()
                        + "'s previous-manifest hash does not match segment " + prev.seq() + "'s manifest"));
            }
            // Keys: trusted through the trust store or announced by a trusted predecessor.
            String keyId = c.manifest.keyId();
            boolean trusted = ctx.trust().find(keyId).isPresent() || announced.contains(keyId);
            if (c.sigValid && !trusted) {
                out.add(untrusted(c));
            }
            if (prev != null && c.sigValid && trusted && !prev.manifest.keyId().equals(keyId)) {
                boolean wasAnnounced = announced.contains(keyId);
                out.add(Msg.f(KEY_CHANGED, c.where(), "署名鍵が " + shortId(prev.manifest.keyId()) + " から "
                        + shortId(keyId) + " に変わりました (" + (wasAnnounced ? "前のマニフェストで予告済み"
                        : "信頼ストアに登録済み") + ")", "signing key changed from " + shortId(prev.manifest.keyId())
                        + " to " + shortId(keyId) + " (" + (wasAnnounced ? "announced in the previous manifest"
                        : "registered in the trust store") + ")"));
            }
            for (ChainEvent ev : c.manifest.events()) {
                if (ev instanceof ChainEvent.KeyRotation k && c.sigValid && trusted
                        && k.nextKeyId().equals(SegmentCheck.keyIdOf(k.nextPublicKey()))) {
                    announced.add(k.nextKeyId());
                }
                Finding f = eventFinding(c, ev, ctx, true);
                if (f != null) {
                    out.add(f);
                }
            }
            prev = c;
        }
        // 3. The tail, as far as the recorder's state file tells.
        if (state != null && prev != null && state.nextSequence() > prev.seq() + 1) {
            long end = state.openSequence() >= 0 ? Math.min(state.nextSequence(), state.openSequence())
                    : state.nextSequence();
            gaps(camera, prev.seq() + 1, end, null, ctx, out);
        } else if (state != null && prev == null && state.nextSequence() > 0) {
            gaps(camera, 0, state.nextSequence(), null, ctx, out);
        }
        // 4. Folders without a manifest.
        for (SegmentCheck c : all) {
            if (c.hasManifest) {
                continue;
            }
            boolean open = state != null && c.folderSeq != null && c.folderSeq == state.openSequence();
            boolean crashed = c.folderSeq != null && unsealedByCrash.contains(c.folderSeq);
            if (!open && !crashed) {
                out.add(Msg.f(SEGMENT_INSERTED, c.where(), c.entry + " にマニフェストのないフォルダがあります",
                        c.entry + " is a folder without a manifest"));
            }
        }
    }

    private void gaps(String camera, long from, long to, SegmentCheck successor, VerifyContext ctx,
                      List<Finding> out) {
        if (to - from > MAX_GAP_FINDINGS) {
            out.add(Msg.f(SEGMENT_MISSING, Location.entry(camera).withSegment(from), "セグメント " + from + "〜" + (to - 1)
                    + " がありません", "segments " + from + " to " + (to - 1) + " are missing"));
            return;
        }
        for (long g = from; g < to; g++) {
            ErasureReceipt r = null;
            for (ErasureReceipt x : ctx.receipts()) {
                if (x.camera().equals(camera) && x.sequence() == g && x.erased()) {
                    r = x;
                }
            }
            Location where = Location.entry(camera).withSegment(g);
            boolean hashOk = r != null && (successor == null || g != successor.seq() - 1
                    || successor.manifest.prevManifestHash() == null
                    || SegmentCheck.HEX.formatHex(successor.manifest.prevManifestHash()).equals(r.manifestHash()));
            if (r != null && hashOk) {
                out.add(Msg.f(SEGMENT_ERASED, where, "セグメント " + g + " は保存期間に基づき消去されました (消去証明あり)",
                        "segment " + g + " was erased under retention (erasure receipt present)"));
            } else if (r != null) {
                out.add(Msg.f(SEGMENT_MISSING, where, "セグメント " + g + " がありません。消去証明は別のマニフェストを指しています",
                        "segment " + g + " is missing; its erasure receipt names another manifest"));
            } else {
                out.add(Msg.f(SEGMENT_MISSING, where, "セグメント " + g + " がありません (消去証明なし)",
                        "segment " + g + " is missing (no erasure receipt)"));
            }
        }
    }

    /** Tells an edited manifest from a damaged or swapped signature. */
    private static Finding classifyBadSignature(SegmentCheck c, Set<ByteBuffer> hashes, SegmentCheck next) {
        if (c.sigHashMatches) {
            return Msg.f(SIGNATURE_INVALID, c.where(), "署名が検証できません (署名の破損)",
                    "signature does not verify (damaged signature)");
        }
        if (hashes.contains(ByteBuffer.wrap(c.sig.signedSha256()))) {
            return Msg.f(SIGNATURE_INVALID, c.where(), "署名は別のセグメントのマニフェストのものです (差し替え)",
                    "signature belongs to another segment's manifest (swapped)");
        }
        if (next != null && Arrays.equals(next.manifest.prevManifestHash(), c.hash)) {
            return Msg.f(SIGNATURE_INVALID, c.where(), "署名が検証できません (マニフェストは次のセグメントが参照する内容のまま)",
                    "signature does not verify (the manifest is the one the next segment names)");
        }
        return Msg.f(MANIFEST_MODIFIED, c.where(), "マニフェストの内容が署名と一致しません (改変)",
                "manifest content does not match its signature (modified)");
    }

    private static Finding untrusted(SegmentCheck c) {
        return Msg.f(KEY_UNTRUSTED, c.where(), "署名は有効ですが、鍵 " + shortId(c.manifest.keyId())
                + " は信頼ストアにありません", "signature is valid but key " + shortId(c.manifest.keyId())
                + " is not in the trust store");
    }

    private static Finding eventFinding(SegmentCheck c, ChainEvent ev, VerifyContext ctx, boolean inChain) {
        if (ev instanceof ChainEvent.Restart r) {
            String en;
            String ja;
            switch (r.reason()) {
                case CRASH -> {
                    en = "the recorder stopped while segment " + r.unsealedSequence()
                            + " was open; that segment was never sealed and its units (if kept) are unverifiable";
                    ja = "セグメント " + r.unsealedSequence() + " の記録中にレコーダーが停止しました。このセグメントは封印されておらず、"
                            + "残っているユニットは検証できません";
                }
                case CAMERA_RESET -> {
                    en = "the camera was reset or replaced before segment " + c.seq();
                    ja = "セグメント " + c.seq() + " の前にカメラがリセットまたは交換されました";
                }
                case STATE_RECOVERED -> {
                    en = "the recorder lost its chain state and continued from its newest stored manifest";
                    ja = "レコーダーがチェーン状態を失い、保存済みの最新マニフェストから継続しました";
                }
                default -> {
                    en = "the recorder restarted before segment " + c.seq() + " and continued the chain";
                    ja = "セグメント " + c.seq() + " の前にレコーダーが再起動し、チェーンを継続しました";
                }
            }
            return Msg.f(CHAIN_RESTARTED, c.where(), ja, en);
        }
        return null;
    }

    static String shortId(String keyId) {
        return keyId.substring(0, 16);
    }
}
