package jp.mimamori.integrity.verify;

import static jp.mimamori.core.finding.VerificationCode.SEGMENT_MISSING;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.integrity.keys.TrustDecision;
import jp.mimamori.integrity.manifest.ChainEvent;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.store.internal.StoreLayout;

/**
 * Verifies sealed recordings: a segment or clip folder (has {@code manifest.json}), a camera folder (has
 * {@code chain.json} or segment folders) or a store (a folder of camera folders). Never throws on hostile input.
 *
 * <p>A failure of the verifier itself (an unexpected exception, which is a bug) is reported as its own
 * {@code INTERNAL} finding for the camera or folder concerned, never as tampering such as
 * {@code SEGMENT_MISSING}; the other cameras of a store are still verified. Stateless and thread-safe: one
 * instance may verify many paths at once; it only reads.
 *
 * <pre>{@code
 * VerificationReport r = new RecordingVerifier().verify(Path.of("store"),
 *         VerifyContext.of(TrustStore.fromPemFiles(List.of(Path.of("keys/public.pem"))))
 *                 .withLog(AnchoredLog.read(Path.of("log"), logKeys)));
 * }</pre>
 */
public final class RecordingVerifier implements PathVerifier {
    /** Verifies one camera folder, adding its findings. */
    @FunctionalInterface
    interface CameraCheck {
        void check(RecordingSource.Camera camera, VerifyContext ctx, List<Finding> out) throws IOException;
    }

    private final CameraCheck cameraCheck;

    /** A verifier of segment folders, clips, camera folders and stores. */
    public RecordingVerifier() {
        this(RecordingVerifier::verifyCamera);
    }

    /** A verifier with another camera check, for tests that inject a failure. */
    RecordingVerifier(CameraCheck cameraCheck) {
        this.cameraCheck = cameraCheck;
    }

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
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        try {
            if (Files.isRegularFile(path.resolve(StoreLayout.MANIFEST))) {
                verifySegmentFolder(path, ctx, out);
            } else if (isCameraDir(path)) {
                ctx.log().ifPresent(l -> out.addAll(l.findings()));
                camera(FolderSource.camera(path, name), ctx, out);
            } else {
                ctx.log().ifPresent(l -> out.addAll(l.findings()));
                List<Path> cams;
                try (Stream<Path> s = Files.list(path)) {
                    cams = s.filter(RecordingVerifier::isCameraDir).sorted().toList();
                }
                Set<String> present = new HashSet<>();
                for (RecordingSource.Camera cam : new FolderSource(path, cams).cameras()) {
                    present.add(cam.camera());
                    camera(cam, ctx, out);
                }
                camerasGone(present, ctx, out);
            }
        } catch (IOException e) {
            // A folder that cannot be listed: reported, never thrown.
            out.add(Msg.f(SEGMENT_MISSING, Location.entry(name), "記録を読み取れません: " + reason(e),
                    "the recording cannot be read: " + reason(e)));
        } catch (RuntimeException e) {
            out.add(VerificationReport.verifierFailure(Location.entry(name), e));
        }
        return new VerificationReport(out);
    }

    /**
     * Verifies every camera of a store read through a {@link RecordingSource} (the recorder module's store v2,
     * plain or encrypted at rest). Never throws: a camera whose folder cannot be listed is reported, and a
     * failure of the verifier itself is an {@code INTERNAL} finding for that camera.
     *
     * @param source  the store
     * @param context trusted keys and, optionally, the evidence log to compare the store with
     * @return the report
     */
    public VerificationReport verify(RecordingSource source, VerifyContext context) {
        List<Finding> out = new ArrayList<>();
        try {
            context.log().ifPresent(l -> out.addAll(l.findings()));
            Set<String> present = new HashSet<>();
            for (RecordingSource.Camera cam : source.cameras()) {
                present.add(cam.camera());
                camera(cam, context, out);
            }
            camerasGone(present, context, out);
        } catch (IOException e) {
            out.add(Msg.f(SEGMENT_MISSING, Location.entry(source.name()), "記録を読み取れません: " + reason(e),
                    "the recording cannot be read: " + reason(e)));
        } catch (RuntimeException e) {
            out.add(VerificationReport.verifierFailure(Location.entry(source.name()), e));
        }
        return new VerificationReport(out);
    }

    /** Cameras the log knows sealed segments of whose folder is gone: each segment it names is missing. */
    private static void camerasGone(Set<String> present, VerifyContext ctx, List<Finding> out) {
        if (ctx.log().isEmpty()) {
            return;
        }
        for (String c : ctx.log().get().sealedCameras()) {
            if (!present.contains(c)) {
                CameraEvidence ev = CameraEvidence.of(c, ctx);
                ev.gaps(0, ev.knownEnd(), null, out);
            }
        }
    }

    /** One camera; a verifier failure there becomes an INTERNAL finding and the other cameras go on. */
    private void camera(RecordingSource.Camera camera, VerifyContext ctx, List<Finding> out) {
        List<Finding> found = new ArrayList<>();
        try {
            cameraCheck.check(camera, ctx, found);
            out.addAll(found);
        } catch (IOException e) {
            out.addAll(found);
            out.add(Msg.f(SEGMENT_MISSING, Location.entry(camera.camera()), "記録を読み取れません: " + reason(e),
                    "the recording cannot be read: " + reason(e)));
        } catch (RuntimeException e) {
            out.addAll(found);
            out.add(VerificationReport.verifierFailure(Location.entry(camera.camera()), e));
        }
    }

    /**
     * Verifies one camera of a store read through a {@link RecordingSource} (its chain, its segments, and, given a
     * log, what the log knows of that camera). Never throws.
     *
     * @param camera  the camera
     * @param context trusted keys and, optionally, the evidence log
     * @return the report
     */
    public VerificationReport verify(RecordingSource.Camera camera, VerifyContext context) {
        List<Finding> out = new ArrayList<>();
        context.log().ifPresent(l -> out.addAll(l.findings()));
        camera(camera, context, out);
        return new VerificationReport(out);
    }

    /**
     * Verifies one segment of a store read through a {@link RecordingSource} alone: everything but the chain
     * (manifest, signature and its key, unit index, recorded bytes, the events it records). Never throws.
     *
     * @param segment the segment
     * @param context trusted keys (and the log, for the key's trust at the recording time)
     * @return the report
     */
    public VerificationReport verify(RecordingSource.Segment segment, VerifyContext context) {
        List<Finding> out = new ArrayList<>();
        try {
            segment(segment, context, out);
        } catch (RuntimeException e) {
            out.add(VerificationReport.verifierFailure(Location.entry(segment.entry()), e));
        }
        return new VerificationReport(out);
    }

    /** A single segment or clip folder: everything but the chain. */
    private void verifySegmentFolder(Path dir, VerifyContext ctx, List<Finding> out) {
        String name = dir.getFileName() == null ? "." : dir.getFileName().toString();
        segment(FolderSource.segment(dir, name, null), ctx, out);
    }

    private static void segment(RecordingSource.Segment segment, VerifyContext ctx, List<Finding> out) {
        SegmentCheck c = SegmentCheck.load(segment);
        out.addAll(c.findings);
        if (c.manifest != null && c.sig != null && !c.sigValid) {
            out.add(SegmentFindings.badSignature(c, Set.of(), null));
        }
        if (c.manifest != null && c.sigValid) {
            TrustDecision d = KeyTrust.decide(ctx, c, KeyTrust.recordingTime(c, KeyTrust.recordingTime(c, null),
                    CameraEvidence.of(c.manifest.camera(), ctx)));
            if (!d.trusted()) {
                out.add(KeyTrust.untrusted(c, d));
            }
        }
        if (c.manifest != null) {
            for (ChainEvent ev : c.manifest.events()) {
                Finding f = SegmentFindings.event(c, ev);
                if (f != null) {
                    out.add(f);
                }
            }
        }
    }

    /** A camera's chain: assembled from its folders, walked in order, then its tail and stray folders. */
    private static void verifyCamera(RecordingSource.Camera source, VerifyContext ctx, List<Finding> out)
            throws IOException {
        ChainAssembly chain = ChainAssembly.assemble(source, out);
        CameraEvidence ev = CameraEvidence.of(source.camera(), ctx);
        ChainWalk walk = ChainWalk.walk(chain, ev, ctx, out);
        TailCheck.check(chain, walk, ev, out);
    }

    /** Why reading failed, in one line: the exception's message (naming the file), never its class name. */
    private static String reason(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip().replace('\n', ' ');
    }
}
