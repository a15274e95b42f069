package jp.mimamori.recorder.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import jp.mimamori.core.decision.Decision;
import jp.mimamori.core.decision.DecisionEngine;
import jp.mimamori.core.decision.DecisionEvidence;
import jp.mimamori.core.decision.DisclosureRequest;
import jp.mimamori.core.decision.ExportProtection;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.evidence.ErasureReceipt;
import jp.mimamori.core.evidence.EvidenceLog;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.evidence.SegmentSealed;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.core.internal.json.JsonFormatException;
import jp.mimamori.core.model.Camera;
import jp.mimamori.integrity.bundle.BundleEncryption;
import jp.mimamori.integrity.bundle.BundleManifest;
import jp.mimamori.integrity.bundle.BundleReceipt;
import jp.mimamori.integrity.bundle.BundleTimestamp;
import jp.mimamori.integrity.bundle.BundleWriter;
import jp.mimamori.integrity.bundle.TlogProof;
import jp.mimamori.integrity.checkpoint.Checkpoint;
import jp.mimamori.integrity.checkpoint.CheckpointVerifier;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.keys.Certificates;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.log.LogCheckpoints;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.manifest.ManifestFormatException;
import jp.mimamori.integrity.manifest.ManifestSignature;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.manifest.UnitIndex;
import jp.mimamori.integrity.merkle.Merkle;
import jp.mimamori.integrity.timestamp.TimestampAuthority;
import jp.mimamori.integrity.verify.RecordingSource;
import jp.mimamori.recorder.internal.Sha256;
import jp.mimamori.recorder.store.internal.StoreV2;
import jp.mimamori.recorder.store.internal.StoreV2Source;
import jp.mimamori.recorder.store.internal.UnitIndexFile;
import jp.mimamori.retention.crypto.KeyEncryptionKey;

/**
 * The disclosure workflow (K3-4, K3-2-1, S3, S7, S8, S9): a request is decided by the core engine and the decision
 * logged; a DENY ends there, with its reasons in the log and no bundle; a PERMIT appends the {@code disclosure}
 * record with every K3-4 register field (date and time, recipient and how their identity was checked, reason and
 * basis, content) and then writes the export bundle v1 — exactly the recorded bytes of the range, cut at unit
 * boundaries from a keyframe, with the segment manifests, unit indexes and proofs, the completeness records of the
 * range from the log, and the disclosure record as a C2SP {@code tlog-proof} against a checkpoint signed for the
 * purpose, with the log's RFC 3161 timestamped checkpoints that cover the completeness records, when it has any —
 * and logs an {@code export} record naming the bundle's hash. A request naming several cameras is one decision, one
 * disclosure record and one bundle holding each camera's range.
 *
 * <pre>{@code
 * DisclosureExport export = new DisclosureExport(engine, Path.of("store"), Optional.of(kek), log,
 *         DisclosureExport.Signers.of(logKey, logNoteSigner), Clock.systemUTC());
 * DisclosureOutcome o = export.disclose(request, handover, Path.of("exports/s-2026-01.zip"));
 * }</pre>
 *
 * <p>Not thread-safe: one disclosure at a time per instance (the log itself may take other appends meanwhile).
 */
public final class DisclosureExport {
    /**
     * Who signs: the bundle manifest's signer (a key verifiers trust for the LOG role — the city's log operator
     * hands over what its log records), the log's checkpoint signer, any cosigners, and certificate chains (PEM,
     * leaf first) the bundle carries for verifiers that hold only the city's CA certificate.
     *
     * @param bundleKey  signs {@code bundle.json}
     * @param logKey     signs the checkpoint that covers the disclosure record
     * @param cosigners  cosign it (a second department, a witness)
     * @param chainsPem  certificate chains to carry (recorder, log and retention keys), possibly none
     */
    public record Signers(SigningKey bundleKey, NoteSigner logKey, List<NoteSigner> cosigners, List<String> chainsPem) {
        /** Copies. */
        public Signers {
            Objects.requireNonNull(bundleKey, "bundleKey");
            Objects.requireNonNull(logKey, "logKey");
            cosigners = List.copyOf(cosigners);
            chainsPem = List.copyOf(chainsPem);
        }

        /** The bundle key and the log's signer, no cosigner, no certificate chain. */
        public static Signers of(SigningKey bundleKey, NoteSigner logKey) {
            return new Signers(bundleKey, logKey, List.of(), List.of());
        }
    }

    private final DecisionEngine engine;
    private final Path store;
    private final Optional<KeyEncryptionKey> kek;
    private final TransparentEvidenceLog log;
    private final Signers signers;
    private final Clock clock;
    private Optional<TimestampAuthority> tsa = Optional.empty();

    /**
     * A workflow over a store v2 and its evidence log.
     *
     * @param engine  decides requests under the site's rules
     * @param store   the store v2 folder
     * @param kek     its key-encryption key where it is encrypted at rest
     * @param log     the evidence log the recorder anchors its segments in
     * @param signers who signs
     * @param clock   the time of provision
     */
    public DisclosureExport(DecisionEngine engine, Path store, Optional<KeyEncryptionKey> kek,
                            TransparentEvidenceLog log, Signers signers, Clock clock) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.store = Objects.requireNonNull(store, "store");
        this.kek = Objects.requireNonNull(kek, "kek");
        this.log = Objects.requireNonNull(log, "log");
        this.signers = Objects.requireNonNull(signers, "signers");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * This workflow asking {@code authority} to timestamp (RFC 3161) each checkpoint it signs for a bundle: the
     * response is stored beside the checkpoint in the log folder ({@code .tsr}) and carried in the bundle, so the
     * bundle shows by the TSA's time that the log held the disclosure record and all before it. A TSA that cannot
     * be reached, or whose response is not a sound token over the checkpoint, fails the export with an
     * {@code IOException} (the disclosure record stays logged, without an {@code export} record).
     */
    public DisclosureExport withTimestampAuthority(TimestampAuthority authority) {
        DisclosureExport copy = new DisclosureExport(engine, store, kek, log, signers, clock);
        copy.tsa = Optional.of(Objects.requireNonNull(authority, "authority"));
        return copy;
    }

    /** One stored segment chosen for the bundle. */
    private record Chosen(long sequence, RecordingSource.Segment segment, byte[] manifest, SegmentManifest parsed,
                          UnitIndexFile index, int first, int last, boolean keyframe, int widened) {}

    /**
     * Decides {@code request}, logs the decision, and on PERMIT logs the disclosure and writes the bundle to
     * {@code out}.
     *
     * @throws IOException if the store or log cannot be read or written, or the log records no footage of the
     *                     range of one of the cameras, named in the message (the decision stays logged, no
     *                     disclosure record is appended)
     * @throws CryptoException if signing fails
     */
    public DisclosureOutcome disclose(DisclosureRequest request, Handover handover, Path out) throws IOException,
            CryptoException {
        return disclose(request, handover, out, Optional.empty());
    }

    /**
     * As {@link #disclose(DisclosureRequest, Handover, Path)}, and with a recipient certificate also encrypts the
     * bundle to it (CMS EnvelopedData, {@code OUT.p7m} beside {@code out}, written in the same pass as the plain
     * bundle; the plain bundle stays in the city's access-controlled export folder, K3-2-1). Either way the stored
     * footage is checked against its signed manifests as it is copied ({@link BundleWriter}): bytes that differ fail
     * the export with an {@code IOException} naming the segment and unit, and leave no bundle.
     *
     * @throws IllegalArgumentException if the handover's protection is {@code ENCRYPTED_TO_RECIPIENT} and no
     *                                  certificate is given (checked before anything is logged)
     */
    public DisclosureOutcome disclose(DisclosureRequest request, Handover handover, Path out,
                                      Optional<X509Certificate> recipient) throws IOException, CryptoException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(handover, "handover");
        Objects.requireNonNull(recipient, "recipient");
        if (handover.protection() == ExportProtection.ENCRYPTED_TO_RECIPIENT && recipient.isEmpty()) {
            throw new IllegalArgumentException("recipient: a certificate is required when handover.protection is"
                    + " ENCRYPTED_TO_RECIPIENT (K3-2-1)");
        }
        Decision decision = engine.decide(request);
        long decisionIndex = DecisionEvidence.append(log, request, decision).index();
        if (!decision.permitted()) {
            return new DisclosureOutcome.Denied(decision, decisionIndex);
        }
        long fromUs = micros(request.from());
        long toUs = micros(request.to());
        Map<String, CameraLog> logged = scan(request.cameras());
        Map<String, TreeMap<Long, SegmentSealed>> coveringOf = new LinkedHashMap<>();
        for (String cam : request.cameras()) {
            TreeMap<Long, SegmentSealed> covering = new TreeMap<>();
            logged.get(cam).sealed().forEach((seq, s) -> {
                if (s.startUs() <= toUs && s.endUs() >= fromUs) {
                    covering.put(seq, s);
                }
            });
            if (covering.isEmpty()) {
                throw new IOException("the evidence log records no segment of camera " + cam + " between "
                        + request.from() + " and " + request.to() + " (K3-4: nothing to provide)");
            }
            coveringOf.put(cam, covering);
        }
        Map<String, List<Chosen>> chosenOf = new LinkedHashMap<>();
        List<Long> completeness = new ArrayList<>();
        for (String cam : request.cameras()) {
            chosenOf.put(cam, chooseAll(cam, logged.get(cam), coveringOf.get(cam), fromUs, toUs, completeness));
        }
        completeness = completeness.stream().distinct().sorted().toList();
        List<Chosen> chosen = chosenOf.values().stream().flatMap(List::stream).toList();

        Instant now = clock.instant();
        List<Object> ranges = new ArrayList<>();
        long units = 0;
        for (Map.Entry<String, List<Chosen>> x : chosenOf.entrySet()) {
            Map<String, Object> range = new LinkedHashMap<>();
            range.put("camera", x.getKey());
            range.put("from", request.from().toString());
            range.put("to", request.to().toString());
            List<Object> hashes = new ArrayList<>();
            List<Object> segs = new ArrayList<>();
            for (Chosen c : x.getValue()) {
                hashes.add(Sha256.hex(c.manifest()));
                segs.add(Map.of("sequence", c.sequence(), "first_unit", (long) c.first(), "last_unit",
                        (long) c.last()));
                units += c.last() - c.first() + 1;
            }
            range.put("manifest_hashes", hashes);
            range.put("segments", segs);
            ranges.add(range);
        }
        Map<String, Object> content = Map.of("ranges", ranges);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("disclosure_id", request.id());
        d.put("provided_at", now.toString());
        d.put("recipient", request.requester());
        d.put("recipient_verification", handover.recipientVerification());
        handover.recipientReference().ifPresent(r -> d.put("recipient_reference", r));
        d.put("reason", request.purpose().label().en() + " / " + request.purpose().label().ja());
        d.put("basis", request.basis().name() + request.reference().map(r -> " (" + r + ")").orElse("")
                + request.statute().map(s -> " " + s).orElse(""));
        d.put("purpose", request.purpose().code());
        d.put("request_id", request.id());
        request.reference().ifPresent(r -> d.put("request_reference", r));
        d.put("decision_log_index", decisionIndex);
        d.put("operator", handover.operator());
        d.put("export_unit", handover.exportUnit());
        d.put("medium", handover.medium());
        d.put("protection", handover.protection().name());
        d.put("content", content);
        d.put("requirements", List.of("K3-4", "K3-2-1"));
        long disclosureIndex = log.append(EvidenceRecord.of(EvidenceTypes.DISCLOSURE, now, d)).index();

        Path checkpointFile = LogCheckpoints.write(log, signers.logKey(), signers.cosigners(), now);
        byte[] checkpoint = Files.readAllBytes(checkpointFile);
        if (tsa.isPresent()) {
            TimestampChoice.stamp(log, checkpointFile, checkpoint, tsa.get());
        }
        Checkpoint signed = CheckpointVerifier.verify(checkpoint, List.of(signers.logKey().verifier()), Location.NONE)
                .checkpoint().orElseThrow(() -> new IOException("the checkpoint just signed does not verify"));
        long treeSize = signed.size();

        List<BundleManifest.Segment> clips = new ArrayList<>();
        List<BundleWriter.SegmentPart> parts = new ArrayList<>();
        for (Chosen c : chosen) {
            String cam = c.parsed().camera();
            String media = BundleManifest.mediaEntry(cam, c.sequence(),
                    c.parsed().unitKind());
            BundleManifest.Segment clip = new BundleManifest.Segment(cam, c.sequence(), Sha256.hex(c.manifest()),
                    c.parsed().unitCount(), c.first(), c.last(), c.keyframe(), c.widened(), media);
            clips.add(clip);
            parts.add(part(clip, c));
        }
        List<String> chainsPem = carriedChains(signers.chainsPem(), chosen);
        List<String> certNames = new ArrayList<>();
        for (int i = 0; i < chainsPem.size(); i++) {
            certNames.add(String.format("certs/%02d.pem", i));
        }
        List<BundleManifest.SourceCamera> cameras = new ArrayList<>();
        List<BundleManifest.Range> asked = new ArrayList<>();
        for (String cam : request.cameras()) {
            Optional<Camera> camera = engine.rules().camera(cam);
            cameras.add(new BundleManifest.SourceCamera(cam, camera.map(Camera::name).orElse(cam),
                    camera.flatMap(c -> engine.rules().site(c.site())).map(s -> s.name()).orElse("-")));
            asked.add(new BundleManifest.Range(cam, request.from(), request.to()));
        }
        byte[] disclosureBytes = log.recordBytes(disclosureIndex);
        BundleManifest manifest = new BundleManifest(request.id(),
                new BundleManifest.DisclosureRef(disclosureIndex, Sha256.hex(disclosureBytes), decisionIndex),
                new BundleManifest.Recipient(request.requester(), handover.recipientVerification(),
                        handover.recipientReference()),
                request.purpose().code(), request.id(), request.reference(),
                new BundleManifest.Export(handover.exportUnit(), handover.operator(), now, cameras),
                asked, clips, completeness,
                new BundleManifest.LogRef(signers.logKey().name(), treeSize), certNames);
        // the log's timestamped checkpoints that show it held the completeness records by a TSA's time
        List<BundleTimestamp> stamps = TimestampChoice.choose(log, signers.logKey().verifier(), completeness,
                disclosureIndex, signed);
        manifest = manifest.withTimestamps(stamps.stream().map(BundleTimestamp::treeSize).toList());
        List<BundleWriter.LogPart> comp = new ArrayList<>();
        for (long i : completeness) {
            comp.add(logPart(i, treeSize, checkpoint));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        // with a recipient, the encrypted bundle is written in the same pass as the plain one
        String bundleHash = BundleWriter.write(out, new BundleWriter.Contents(manifest, chainsPem,
                checkpoint, logPart(disclosureIndex, treeSize, checkpoint), logPart(decisionIndex, treeSize,
                checkpoint), comp, parts, stamps), signers.bundleKey(), recipient);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("disclosure_id", request.id());
        e.put("bundle_hash", bundleHash);
        e.put("recipient", request.requester());
        if (request.cameras().size() == 1) {
            e.put("camera", request.cameras().get(0));
        } else {
            e.put("cameras", request.cameras());
        }
        e.put("units", units);
        e.put("protection", handover.protection().name());
        e.put("requirements", List.of("K3-2-1", "K3-4"));
        Optional<Path> encrypted = Optional.empty();
        if (recipient.isPresent()) {
            encrypted = Optional.of(out.resolveSibling(out.getFileName() + BundleEncryption.SUFFIX));
            e.put("encrypted_to", recipient.get().getSubjectX500Principal().getName());
        }
        log.append(EvidenceRecord.of(EvidenceTypes.EXPORT, now, e));
        return new DisclosureOutcome.Exported(decision, decisionIndex, disclosureIndex, out, bundleHash,
                encrypted, units);
    }

    /**
     * Appends the recipient's acknowledgement of a bundle as a {@code disclosure.received} record, after checking
     * its signature (K3-4: the chain of custody closes on both sides).
     *
     * @return the record's index in the log
     * @throws CryptoException if the receipt's signature does not verify
     */
    public static long received(EvidenceLog log, BundleReceipt receipt, Instant at) throws IOException,
            CryptoException {
        receipt.verify();
        Map<String, Object> body = new LinkedHashMap<>(receipt.toJson());
        body.put("requirements", List.of("K3-4"));
        return log.append(EvidenceRecord.of(EvidenceTypes.DISCLOSURE_RECEIVED, at, body)).index();
    }

    private BundleWriter.LogPart logPart(long index, long treeSize, byte[] checkpoint) throws IOException {
        return new BundleWriter.LogPart(log.recordBytes(index), new TlogProof(Optional.empty(), index,
                log.inclusionProof(index, treeSize).path(), checkpoint));
    }

    /**
     * One camera's sealing records and erasure receipts, with their log indexes.
     *
     * @param sealedAt the log index of each sequence's (first) {@code segment.sealed} record
     * @param sealed   each sequence's {@code segment.sealed} record
     * @param receipts the log indexes of each sequence's erasure receipts
     */
    private record CameraLog(TreeMap<Long, Long> sealedAt, Map<Long, SegmentSealed> sealed,
                             Map<Long, List<Long>> receipts) {}

    /** The cameras' sealing records and erasure receipts, in one pass over the log. */
    private Map<String, CameraLog> scan(List<String> cams) throws IOException {
        Map<String, CameraLog> out = new HashMap<>();
        for (String cam : cams) {
            out.put(cam, new CameraLog(new TreeMap<>(), new HashMap<>(), new HashMap<>()));
        }
        byte[] sealedType = ("\"type\":\"" + EvidenceTypes.SEGMENT_SEALED + "\"").getBytes(StandardCharsets.US_ASCII);
        byte[] receiptType = ("\"type\":\"" + EvidenceTypes.ERASURE_RECEIPT + "\"")
                .getBytes(StandardCharsets.US_ASCII);
        log.forEach(0, log.size(), (i, bytes) -> {
            boolean isSealed = endsWith(bytes, sealedType);
            if (!isSealed && !endsWith(bytes, receiptType)) {
                return;
            }
            EvidenceRecord r;
            try {
                Map<String, Object> m = CanonicalJson.parseObject(bytes);
                @SuppressWarnings("unchecked")
                Map<String, Object> body = (Map<String, Object>) m.get("body");
                r = EvidenceRecord.of((String) m.get("type"), Instant.parse((String) m.get("time")), body);
                if (isSealed) {
                    SegmentSealed s = SegmentSealed.fromRecord(r);
                    CameraLog c = out.get(s.camera());
                    if (c != null && !c.sealedAt().containsKey(s.sequence())) {
                        c.sealedAt().put(s.sequence(), i);
                        c.sealed().put(s.sequence(), s);
                    }
                } else {
                    ErasureReceipt e = ErasureReceipt.fromRecord(r);
                    CameraLog c = out.get(e.camera());
                    if (c != null && e.erased()) {
                        c.receipts().computeIfAbsent(e.sequence(), k -> new ArrayList<>()).add(i);
                    }
                }
            } catch (JsonFormatException | InvalidDocumentException | RuntimeException e) {
                // A malformed record names nothing (log verify reports it).
            }
        });
        return out;
    }

    /**
     * The clips of one camera's range segments (those {@code covering} names, sequences lo … hi), each stored
     * manifest checked against its {@code segment.sealed} record; adds the camera's completeness records (the
     * sealing records of lo−1 … hi+1 and the receipts of range segments no longer stored) to {@code completeness}.
     */
    private List<Chosen> chooseAll(String cam, CameraLog logged, TreeMap<Long, SegmentSealed> covering, long fromUs,
                                   long toUs, List<Long> completeness) throws IOException {
        TreeMap<Long, Long> sealedAt = logged.sealedAt();
        long lo = covering.firstKey();
        long hi = covering.lastKey();
        Map<Long, RecordingSource.Segment> stored = storedSegments(cam);
        List<Chosen> chosen = new ArrayList<>();
        if (sealedAt.containsKey(lo - 1)) {
            completeness.add(sealedAt.get(lo - 1));
        }
        for (long j = lo; j <= hi; j++) {
            Long si = sealedAt.get(j);
            if (si != null) {
                completeness.add(si);
            }
            RecordingSource.Segment seg = stored.get(j);
            if (seg == null) {
                completeness.addAll(logged.receipts().getOrDefault(j, List.of()));
                continue;
            }
            Chosen c = choose(j, seg, j == lo && covering.containsKey(j), j == hi, fromUs, toUs);
            // The store is not trusted: hand over only the manifest the log recorded as sealed (K3-2-4).
            SegmentSealed rec = logged.sealed().get(j);
            if (rec == null || !rec.manifestHash().equals(Sha256.hex(c.manifest()))) {
                throw new IOException("segment " + j + " of camera " + cam + ": its stored manifest is not the one the"
                        + " evidence log recorded as sealed" + (rec == null ? " (no segment.sealed record)" : "")
                        + "; nothing is handed over (K3-2-4) / 保存されたマニフェストが証跡ログの封印記録と一致しません");
            }
            chosen.add(c);
        }
        if (sealedAt.containsKey(hi + 1)) {
            completeness.add(sealedAt.get(hi + 1));
        }
        return chosen;
    }

    /** Canonical records end with their type member: {@code …,"type":"segment.sealed"}}. */
    private static boolean endsWith(byte[] bytes, byte[] tail) {
        int off = bytes.length - 1 - tail.length;
        if (off < 0) {
            return false;
        }
        for (int k = 0; k < tail.length; k++) {
            if (bytes[off + k] != tail[k]) {
                return false;
            }
        }
        return true;
    }

    private StoreV2 marker;

    private Map<Long, RecordingSource.Segment> storedSegments(String cam) throws IOException {
        try {
            marker = StoreV2.read(store);
        } catch (InvalidDocumentException e) {
            throw new IOException("store.json: " + e.getMessage(), e);
        }
        Map<Long, RecordingSource.Segment> out = new HashMap<>();
        for (RecordingSource.Camera c : new StoreV2Source(store, marker, kek).cameras()) {
            if (!c.camera().equals(cam)) {
                continue;
            }
            for (RecordingSource.Segment s : c.segments()) {
                if (s.folderSequence().isPresent() && s.hasManifest()) {
                    out.put(s.folderSequence().get(), s);
                }
            }
        }
        return out;
    }

    /**
     * The units of a stored segment to export: in the first segment of the range from the unit showing the start,
     * widened back to the keyframe before it (fMP4: from the init segment, unit 0); in the last up to the unit
     * showing the end; whole otherwise.
     */
    private Chosen choose(long seq, RecordingSource.Segment seg, boolean cutStart, boolean cutEnd, long fromUs,
                          long toUs) throws IOException {
        byte[] manifest = seg.manifest(SegmentManifest.MAX_BYTES);
        SegmentManifest parsed;
        UnitIndexFile idx;
        try {
            parsed = SegmentManifest.parse(manifest);
            Path file = store.resolve(parsed.camera()).resolve(StoreV2.segmentName(seq)).resolve(StoreV2.UNITS);
            if (Files.isSymbolicLink(file) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(file + ": not a regular file");
            }
            idx = UnitIndexFile.parse(Files.readAllBytes(file));
        } catch (ManifestFormatException e) {
            throw new IOException("segment " + seq + ": " + e.getMessage(), e);
        }
        List<UnitIndex.Entry> units = idx.index().units();
        int n = units.size();
        int first = 0;
        int last = n - 1;
        if (cutStart) {
            for (int i = 0; i < n; i++) {
                if (units.get(i).captureUs() <= fromUs) {
                    first = i;
                }
            }
        }
        if (cutEnd) {
            for (int i = n - 1; i >= first; i--) {
                if (units.get(i).captureUs() <= toUs) {
                    last = i;
                    break;
                }
            }
        }
        BitSet key = idx.keyframes();
        int start = first;
        boolean keyframe;
        if (SegmentManifest.KIND_FMP4.equals(parsed.unitKind())) {
            start = 0; // the init segment: a player needs it to play any fragment
            keyframe = true;
        } else {
            while (start > 0 && !key.get(start)) {
                start--;
            }
            keyframe = key.get(start);
        }
        return new Chosen(seq, seg, manifest, parsed, idx, start, last, keyframe, first - start);
    }

    private BundleWriter.SegmentPart part(BundleManifest.Segment clip, Chosen c) throws IOException {
        UnitIndex whole = c.index().index();
        boolean partial = c.first() > 0 || c.last() < whole.units().size() - 1;
        List<byte[]> leaves = new ArrayList<>();
        if (partial) {
            for (int i = 0; i < whole.units().size(); i++) {
                leaves.add(Merkle.leafHash(whole.leaf(i)));
            }
        }
        List<UnitIndex.Entry> entries = new ArrayList<>();
        long length = 0;
        for (int i = c.first(); i <= c.last(); i++) {
            UnitIndex.Entry e = whole.units().get(i);
            entries.add(new UnitIndex.Entry(e.captureUs(), e.hash(), e.length(),
                    partial ? Merkle.inclusionProof(leaves, i) : List.of()));
            length += e.length();
        }
        byte[] unitsJson = new UnitIndex(whole.camera(), whole.sequence(), whole.unitCount(), c.first(), entries)
                .encode();
        long offset = c.index().offsets()[c.first()];
        long total = length;
        RecordingSource.Segment seg = c.segment();
        Path plain = store.resolve(clip.camera()).resolve(StoreV2.segmentName(clip.sequence()))
                .resolve(StoreV2.MEDIA_PLAIN);
        boolean plainStore = !marker.encrypted();
        BundleWriter.MediaSource media = new BundleWriter.MediaSource() {
            @Override
            public InputStream open() throws IOException {
                UnitIndex idx;
                try {
                    idx = seg.unitIndex();
                } catch (ManifestFormatException e) {
                    throw new IOException(e.getMessage(), e);
                }
                RecordingSource.Units u = seg.units(idx);
                if (!(u instanceof RecordingSource.Units.Contiguous cont)) {
                    String why = u instanceof RecordingSource.Units.Unreadable r ? r.reason().en() : "unreadable";
                    throw new IOException("segment " + clip.sequence() + ": " + why);
                }
                return new BytesStream(cont.bytes(), offset, total);
            }

            @Override
            public Optional<BundleWriter.FileRegion> region() {
                // a plain store keeps the recorded bytes as they are: copied file to file (never through a link)
                return plainStore && Files.isRegularFile(plain, LinkOption.NOFOLLOW_LINKS)
                        ? Optional.of(new BundleWriter.FileRegion(plain, offset)) : Optional.empty();
            }
        };
        return new BundleWriter.SegmentPart(clip, c.manifest(), seg.signature(16 * 1024), unitsJson, length, media);
    }

    /**
     * The chains the bundle carries in {@code certs/}: the caller's, then each distinct certificate chain the
     * clips' signature files carry (G13), so a verifier holding only the city's CA certificate trusts the
     * recorder keys. A store without chains adds nothing, so its bundles are what they were. A signature file
     * that does not parse, or whose chain is longer than the format allows, adds nothing either: the verifier
     * reports it from the copied signature file.
     */
    private static List<String> carriedChains(List<String> given, List<Chosen> chosen) throws IOException {
        List<String> out = new ArrayList<>(given);
        for (Chosen c : chosen) {
            List<byte[]> chain;
            try {
                chain = ManifestSignature.parse(c.segment().signature(16 * 1024)).certChain();
            } catch (ManifestFormatException e) {
                continue;
            }
            String pem = Certificates.toPem(chain);
            if (!chain.isEmpty() && chain.size() <= ManifestSignature.MAX_CHAIN && !out.contains(pem)
                    && out.size() < MAX_CERT_ENTRIES) {
                out.add(pem);
            }
        }
        return out;
    }

    /** {@code certs/00.pem} to {@code certs/98.pem}. */
    private static final int MAX_CERT_ENTRIES = 99;

    /** A range of a segment's recorded bytes as a stream. */
    private static final class BytesStream extends InputStream {
        private final RecordingSource.Bytes bytes;
        private long pos;
        private final long end;

        BytesStream(RecordingSource.Bytes bytes, long offset, long length) {
            this.bytes = bytes;
            this.pos = offset;
            this.end = offset + length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= end) {
                return -1;
            }
            ByteBuffer dst = ByteBuffer.wrap(b, off, (int) Math.min(len, end - pos));
            int n = bytes.read(pos, dst);
            if (n <= 0) {
                throw new IOException("the recorded bytes end before the units the index lists");
            }
            pos += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            bytes.close();
        }
    }

    private static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }
}
