package jp.mimamori.integrity.verify;

import static jp.mimamori.core.finding.VerificationCode.BUNDLE_MALFORMED;
import static jp.mimamori.core.finding.VerificationCode.CHAIN_BROKEN;
import static jp.mimamori.core.finding.VerificationCode.CHECKPOINT_MISSING;
import static jp.mimamori.core.finding.VerificationCode.DISCLOSURE_MISMATCH;
import static jp.mimamori.core.finding.VerificationCode.KEY_UNTRUSTED;
import static jp.mimamori.core.finding.VerificationCode.MANIFEST_MODIFIED;
import static jp.mimamori.core.finding.VerificationCode.PROOF_INVALID;
import static jp.mimamori.core.finding.VerificationCode.SEGMENT_INSERTED;
import static jp.mimamori.core.finding.VerificationCode.SEGMENT_MISSING;
import static jp.mimamori.core.finding.VerificationCode.SIGNATURE_INVALID;
import static jp.mimamori.core.finding.VerificationCode.UNIT_INSERTED;
import static jp.mimamori.core.finding.VerificationCode.UNIT_MISSING;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.evidence.SegmentSealed;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.core.text.LocalizedText;
import jp.mimamori.integrity.bundle.BundleFormatException;
import jp.mimamori.integrity.bundle.BundleManifest;
import jp.mimamori.integrity.bundle.TlogProof;
import jp.mimamori.integrity.bundle.internal.BundleLayout;
import jp.mimamori.integrity.bundle.internal.StoredZipReader;
import jp.mimamori.integrity.checkpoint.Checkpoint;
import jp.mimamori.integrity.checkpoint.CheckpointVerifier;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.keys.KeyRole;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.TrustDecision;
import jp.mimamori.integrity.keys.VerifyingKey;
import jp.mimamori.integrity.log.AnchoredLog;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.integrity.manifest.ChainEvent;
import jp.mimamori.integrity.manifest.ManifestFormatException;
import jp.mimamori.integrity.manifest.ManifestSignature;
import jp.mimamori.integrity.manifest.UnitIndex;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.merkle.Merkle;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * The offline verifier of export bundles v1 (docs/FORMATS.md "Export bundle v1"; K3-4, S3, invariant 4): with
 * nothing but the caller's trust store (the city's keys, or only its CA certificate when the bundle carries the
 * certificate chains), it tells an untouched bundle from one with an altered unit or manifest (which one), one
 * with a segment of the requested range withheld, one with a unit dropped from a clip, one bound to another
 * recipient or whose disclosure is not in the log ({@code DISCLOSURE_MISMATCH}), and footage erased under retention
 * with its receipt ({@code SEGMENT_ERASED}, INFO) from footage that is missing; it states the coverage of each
 * camera's requested range and its gaps ({@link Result#coverage()}).
 *
 * <p>The archive is read as a stream with hard limits and nothing is extracted: a limit or layout broken is
 * {@code BUNDLE_MALFORMED}; the verifier never throws on hostile input, and its own failure is {@code INTERNAL}.
 * Media entries are hashed from the archive file in place (positioned reads), never held in memory.
 *
 * <pre>{@code
 * BundleVerifier.Result r = new BundleVerifier().check(Path.of("s-2026-01.zip"),
 *         VerifyContext.of(TrustStore.fromFiles(List.of(Path.of("city-ca.pem")))));
 * System.out.print(r.report().render(Locale.JAPANESE));
 * }</pre>
 *
 * <p>The bundle's RFC 3161 timestamps ({@code timestamps/…}) are checked against the TSA roots it is given
 * ({@link #BundleVerifier(Collection)}); without any, a sound one is {@code TIMESTAMP_UNCHECKED} (INFO).
 *
 * <p>Immutable and thread-safe.
 */
public final class BundleVerifier implements PathVerifier {
    /** Gaps in a camera's recording shorter than this are not stated. */
    private static final long GAP_US = 2_000_000;

    /**
     * A bundle's verification.
     *
     * @param report     the report (DESIGN.md vocabulary)
     * @param coverage   what the bundle shows of the requested range: the segments, and each gap with its reason
     * @param manifest   the bundle manifest, when it could be read (whether or not it verified)
     * @param bundleHash lowercase hex SHA-256 of {@code bundle.json}, when it could be read: what a recipient's
     *                   {@code BundleReceipt} countersigns
     */
    public record Result(VerificationReport report, List<LocalizedText> coverage, Optional<BundleManifest> manifest,
                         Optional<String> bundleHash) {
        /** Copies. */
        public Result {
            Objects.requireNonNull(report, "report");
            coverage = List.copyOf(coverage);
            Objects.requireNonNull(manifest, "manifest");
            Objects.requireNonNull(bundleHash, "bundleHash");
        }

        /** The coverage lines in one language, each ending in a newline. */
        public String renderCoverage(Locale locale) {
            StringBuilder sb = new StringBuilder();
            for (LocalizedText t : coverage) {
                sb.append(t.in(locale)).append('\n');
            }
            return sb.toString();
        }
    }

    /** RFC 3161 TSA roots the timestamps are checked against; none: timestamps are only inspected. */
    private final List<X509CertificateHolder> tsaRoots;

    /** A verifier of export bundles, without TSA roots (a sound timestamp is {@code TIMESTAMP_UNCHECKED}, INFO). */
    public BundleVerifier() {
        this(List.of());
    }

    /**
     * A verifier of export bundles that checks their RFC 3161 timestamps against {@code tsaRoots} (the caller's
     * trusted TSA root certificates; a token that does not chain to one is {@code TIMESTAMP_INVALID}).
     */
    public BundleVerifier(Collection<X509CertificateHolder> tsaRoots) {
        this.tsaRoots = List.copyOf(tsaRoots);
    }

    @Override
    public String kind() {
        return "bundle";
    }

    @Override
    public boolean accepts(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".zip") && Files.isRegularFile(path);
    }

    @Override
    public VerificationReport verify(Path path, VerifyContext context) {
        return check(path, context).report();
    }

    /** Verifies the bundle file {@code bundle}; never throws. */
    public Result check(Path bundle, VerifyContext context) {
        String name = bundle.getFileName() == null ? "bundle" : bundle.getFileName().toString();
        try (FileChannel ch = FileChannel.open(bundle, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return check(ch, name, context);
        } catch (IOException e) {
            return new Result(new VerificationReport(List.of(Msg.f(BUNDLE_MALFORMED, Location.entry(name),
                    "バンドルを読めません: " + e.getMessage(), "the bundle cannot be read: " + e.getMessage()))),
                    List.of(), Optional.empty(), Optional.empty());
        } catch (RuntimeException e) {
            return new Result(new VerificationReport(List.of(VerificationReport.verifierFailure(Location.entry(name),
                    e))), List.of(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * Verifies the bundle read through {@code archive} (positional reads only; the caller closes it) — the bundle
     * file, or the plaintext of an encrypted bundle ({@code BundleEncryption.plaintext}) — named {@code name} in the
     * report; never throws.
     */
    public Result check(FileChannel archive, String name, VerifyContext context) {
        List<Finding> out = new ArrayList<>();
        List<LocalizedText> coverage = new ArrayList<>();
        Run run = null;
        try {
            run = new Run(archive, context, out, coverage);
            run.tsaRoots = tsaRoots;
            run.run();
        } catch (BundleFormatException e) {
            out.add(Finding.of(BUNDLE_MALFORMED, Location.entry(name), e.text()));
        } catch (IOException e) {
            out.add(Msg.f(BUNDLE_MALFORMED, Location.entry(name), "バンドルを読めません: " + e.getMessage(),
                    "the bundle cannot be read: " + e.getMessage()));
        } catch (RuntimeException e) {
            out.add(VerificationReport.verifierFailure(Location.entry(name), e));
        }
        Optional<BundleManifest> m = run == null ? Optional.empty() : Optional.ofNullable(run.manifest);
        Optional<String> hash = m.isEmpty() ? Optional.empty()
                : Optional.of(SegmentCheck.HEX.formatHex(SegmentCheck.sha256(run.held.get(BundleLayout.MANIFEST))));
        return new Result(new VerificationReport(out), coverage, m, hash);
    }

    /** A media entry's place in the archive and the CRC-32 its local header states. */
    private record Media(long offset, long size, int crc) {}

    /** One verification. */
    private static final class Run {
        final FileChannel ch;
        final VerifyContext caller;
        final List<Finding> out;
        final List<LocalizedText> coverage;
        final Map<String, byte[]> held = new HashMap<>();
        final Map<String, Media> media = new HashMap<>();
        /** The segment folders ({@code manifests/CAMERA/SEQUENCE/}) of segments with an entry missing. */
        final java.util.Set<String> withheld = new java.util.HashSet<>();
        long heldBytes;
        VerifyContext ctx;
        byte[] checkpointBytes;
        Checkpoint checkpoint;
        BundleManifest manifest;
        List<X509CertificateHolder> tsaRoots = List.of();

        Run(FileChannel ch, VerifyContext caller, List<Finding> out, List<LocalizedText> coverage) {
            this.ch = ch;
            this.caller = caller;
            this.out = out;
            this.coverage = coverage;
        }

        void run() throws IOException, BundleFormatException {
            StoredZipReader.read(ch, StoredZipReader.Limits.bundle(), new StoredZipReader.Consumer() {
                @Override
                public long limit(String n) {
                    return BundleLayout.limit(n);
                }

                @Override
                public boolean entry(String n, long size, long dataOffset, int crc, InputStream data)
                        throws IOException, BundleFormatException {
                    if (BundleLayout.isMedia(n)) {
                        // read once, when its units are hashed; the CRC is checked then (Slice)
                        media.put(n, new Media(dataOffset, size, crc));
                        return true;
                    }
                    heldBytes += size;
                    if (heldBytes > BundleLayout.MAX_HELD) {
                        throw new BundleFormatException("メディア以外のエントリの合計が上限 (" + BundleLayout.MAX_HELD
                                + " バイト) を超えています", "entries other than media exceed " + BundleLayout.MAX_HELD
                                + " bytes in total");
                    }
                    held.put(n, data.readNBytes((int) size));
                    return false;
                }

                @Override
                public void crcMismatch(String n) {
                    out.add(Msg.f(BUNDLE_MALFORMED, Location.entry(n), "CRC-32 がローカルヘッダと一致しません"
                            + " (書き込み後に変更されています)", "the entry's CRC-32 does not match its local header"
                            + " (changed after the bundle was written)"));
                }
            });
            byte[] mBytes = require(BundleLayout.MANIFEST);
            byte[] sBytes = require(BundleLayout.SIGNATURE);
            checkpointBytes = require(BundleLayout.CHECKPOINT);
            BundleManifest m = BundleManifest.parse(mBytes);
            manifest = m;
            List<List<byte[]>> chains = new ArrayList<>();
            for (String c : m.certificates()) {
                chains.add(certificates(c, require(c)));
            }
            ctx = caller.withCarriedChains(chains);
            layout(m);
            signature(m, mBytes, sBytes);
            List<NoteVerifier> logKeys = logKeys(m);
            CheckpointVerifier.Result cr = CheckpointVerifier.verify(checkpointBytes, logKeys,
                    Location.entry(BundleLayout.CHECKPOINT));
            out.addAll(cr.findings());
            if (cr.valid()) {
                checkpoint = cr.checkpoint().orElseThrow();
                if (!checkpoint.origin().equals(m.log().origin()) || checkpoint.size() != m.log().treeSize()) {
                    out.add(Msg.f(DISCLOSURE_MISMATCH, Location.entry(BundleLayout.CHECKPOINT),
                            "チェックポイント (" + checkpoint.origin() + ", " + checkpoint.size()
                                    + " 件) が bundle.json の記載と一致しません",
                            "the checkpoint (" + checkpoint.origin() + ", size " + checkpoint.size()
                                    + ") is not the one bundle.json names"));
                }
            } else {
                out.add(Msg.f(CHECKPOINT_MISSING, Location.entry(BundleLayout.CHECKPOINT),
                        "信頼するログ鍵で署名されたチェックポイントがありません。ログの記録はどれも証明されません",
                        "no checkpoint signed by a trusted log key: no log record of the bundle is proven"));
            }
            disclosure(m);
            segments(m);
            coverage.addAll(BundleTimestamps.check(m, held, logKeys, checkpoint, tsaRoots, out));
        }

        byte[] require(String entry) throws BundleFormatException {
            byte[] b = held.get(entry);
            if (b == null) {
                throw new BundleFormatException("エントリ " + entry + " がありません", "entry " + entry + " is missing");
            }
            return b;
        }

        /**
         * Every entry is one bundle.json names. Of those it names, a missing manifest, signature, checkpoint or
         * certificate chain ends the verification ({@code BUNDLE_MALFORMED}); a missing segment entry is that
         * segment missing, and a missing log record or proof is reported where the record is used.
         */
        void layout(BundleManifest m) throws BundleFormatException {
            List<String> expected = new ArrayList<>(List.of(BundleLayout.MANIFEST, BundleLayout.SIGNATURE,
                    BundleLayout.CHECKPOINT));
            expected.addAll(m.certificates());
            expected.addAll(BundleTimestamps.entries(m));
            for (long i : List.of(m.disclosure().logIndex(), m.disclosure().decisionLogIndex())) {
                expected.add(BundleLayout.record("log", i));
                expected.add(BundleLayout.proof("log", i));
            }
            for (long i : m.completeness()) {
                expected.add(BundleLayout.record("completeness", i));
                expected.add(BundleLayout.proof("completeness", i));
            }
            for (BundleManifest.Segment s : m.segments()) {
                String dir = BundleLayout.segmentFolder(s.camera(), s.sequence());
                List<String> mine = List.of(dir + "manifest.json", dir + "manifest.sig.json", dir + "units.json",
                        s.media());
                expected.addAll(mine);
                List<String> gone = mine.stream().filter(e -> !held.containsKey(e) && !media.containsKey(e)).toList();
                if (!gone.isEmpty()) {
                    withheld.add(dir);
                    out.add(Msg.f(SEGMENT_MISSING, segmentAt(s), "bundle.json が示すセグメント " + s.sequence()
                            + " のエントリ " + gone.get(0) + " がアーカイブにありません", "entry " + gone.get(0)
                            + " of segment " + s.sequence() + ", which bundle.json names, is not in the archive"));
                }
            }
            List<String> all = new ArrayList<>(held.keySet());
            all.addAll(media.keySet());
            all.removeAll(expected);
            if (!all.isEmpty()) {
                String first = all.stream().sorted().findFirst().orElseThrow();
                throw new BundleFormatException("bundle.json が示さないエントリ " + first + " があります",
                        "entry " + first + " is not one bundle.json names");
            }
        }

        static Location segmentAt(BundleManifest.Segment s) {
            String dir = BundleLayout.segmentFolder(s.camera(), s.sequence());
            return Location.entry(dir.substring(0, dir.length() - 1)).withSegment(s.sequence());
        }

        static List<byte[]> certificates(String entry, byte[] pem) throws BundleFormatException {
            List<byte[]> ders = new ArrayList<>();
            try (PemReader r = new PemReader(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
                PemObject o;
                while ((o = r.readPemObject()) != null) {
                    if (!o.getType().equals("CERTIFICATE") || ders.size() >= 8) {
                        throw new BundleFormatException(entry + ": 証明書 (最大 8) のみ置けます",
                                entry + ": only certificates (at most 8) may be listed");
                    }
                    ders.add(o.getContent());
                }
            } catch (IOException | RuntimeException e) {
                throw new BundleFormatException(entry + ": PEM として読めません", entry + ": not PEM: " + e.getMessage());
            }
            if (ders.isEmpty()) {
                throw new BundleFormatException(entry + ": 証明書がありません", entry + ": no certificate");
            }
            return ders;
        }

        /** bundle.json is signed by a key the trust store allows the LOG role at the export time. */
        void signature(BundleManifest m, byte[] mBytes, byte[] sBytes) {
            Location at = Location.entry(BundleLayout.MANIFEST);
            ManifestSignature sig;
            try {
                sig = ManifestSignature.parse(sBytes);
            } catch (ManifestFormatException e) {
                out.add(Msg.f(SIGNATURE_INVALID, Location.entry(BundleLayout.SIGNATURE), "署名ファイルを読めません: "
                        + e.getMessage(), "the signature file cannot be read: " + e.getMessage()));
                return;
            }
            VerifyingKey key;
            try {
                key = VerifyingKey.fromSpkiDer(sig.publicKey());
            } catch (Exception e) {
                out.add(Msg.f(SIGNATURE_INVALID, at, "署名の公開鍵を読めません", "the signature's public key cannot be read"));
                return;
            }
            boolean valid = key.keyId().equals(sig.keyId()) && key.algorithm().wireName().equals(sig.sigAlg())
                    && key.isValid(sig.signature(), mBytes);
            if (!valid) {
                boolean sameBytes = Arrays.equals(sig.signedSha256(), SegmentCheck.sha256(mBytes));
                out.add(sameBytes ? Msg.f(SIGNATURE_INVALID, at, "bundle.json の署名が検証できません",
                        "the signature over bundle.json does not verify")
                        : Msg.f(MANIFEST_MODIFIED, at, "bundle.json が署名の後に変更されています",
                        "bundle.json was changed after it was signed"));
                return;
            }
            TrustDecision d = ctx.decide(KeyRole.LOG, key, Optional.empty(), m.export().exportTime());
            if (!d.trusted()) {
                out.add(Msg.f(KEY_UNTRUSTED, at, "署名は有効ですが、" + d.reason().ja(),
                        "signature is valid but " + d.reason().en()));
            }
        }

        /** The log keys: the trust store's (with their note names) and carried ones it vouches for. */
        List<NoteVerifier> logKeys(BundleManifest m) {
            List<NoteVerifier> keys = new ArrayList<>();
            for (VerifyingKey k : caller.trust().keys(KeyRole.LOG)) {
                Optional<String> n = caller.trust().scope(k.keyId()).flatMap(s -> s.noteName());
                if (n.isPresent() && k.algorithm() == SignatureAlgorithm.ED25519) {
                    keys.add(NoteVerifier.create(n.get(), NoteVerifier.ED25519, k.rawEd25519()));
                }
            }
            for (List<byte[]> chain : ctx.chains()) {
                Optional<VerifyingKey> k = VerifyContext.leafKey(chain.get(0));
                if (k.isPresent() && k.get().algorithm() == SignatureAlgorithm.ED25519
                        && ctx.decide(KeyRole.LOG, k.get(), Optional.empty(), m.export().exportTime()).trusted()) {
                    keys.add(NoteVerifier.create(m.log().origin(), NoteVerifier.ED25519, k.get().rawEd25519()));
                }
            }
            return keys;
        }

        /** A log record of the bundle with its proof against the checkpoint, or empty with a finding. */
        Optional<EvidenceRecord> proven(String folder, long index, VerificationCode code) {
            String entry = BundleLayout.record(folder, index);
            byte[] bytes = held.get(entry);
            if (bytes == null || !held.containsKey(BundleLayout.proof(folder, index))) {
                out.add(Msg.f(code, Location.entry(bytes == null ? entry : BundleLayout.proof(folder, index))
                        .withIndex(index), "bundle.json が示すログ記録 " + index + " 又はその証明がアーカイブにありません",
                        "log record " + index + " or its proof, which bundle.json names, is not in the archive"));
                return Optional.empty();
            }
            if (checkpoint == null) {
                return Optional.empty();
            }
            try {
                TlogProof p = TlogProof.parse(held.get(BundleLayout.proof(folder, index)));
                if (p.index() != index || !Arrays.equals(p.checkpoint(), checkpointBytes)) {
                    throw new IllegalArgumentException("the proof is for another index or checkpoint");
                }
                Merkle.verifyInclusion(Merkle.leafHash(bytes), index, checkpoint.size(), p.path(),
                        checkpoint.rootHash());
                return Optional.of(RecordCodec.decode(bytes));
            } catch (BundleFormatException e) {
                out.add(Finding.of(code, Location.entry(BundleLayout.proof(folder, index)), e.text()));
            } catch (Exception e) {
                out.add(Msg.f(code, Location.entry(entry).withIndex(index), "ログ記録 " + index
                        + " がチェックポイント (" + checkpoint.size() + " 件) に含まれることを証明できません: " + e.getMessage(),
                        "log record " + index + " is not proven to be in the log at the checkpoint (size "
                                + checkpoint.size() + "): " + e.getMessage()));
            }
            return Optional.empty();
        }

        /** The disclosure and decision records: in the log, and what bundle.json says they are. */
        void disclosure(BundleManifest m) {
            long di = m.disclosure().logIndex();
            Location at = Location.entry(BundleLayout.record("log", di)).withIndex(di);
            byte[] bytes = held.getOrDefault(BundleLayout.record("log", di), new byte[0]);
            if (!SegmentCheck.HEX.formatHex(SegmentCheck.sha256(bytes)).equals(m.disclosure().recordSha256())) {
                mismatch(at, "開示記録は bundle.json が示す記録ではありません", "the disclosure record is not the one"
                        + " bundle.json names (its SHA-256 differs)");
            }
            Optional<EvidenceRecord> rec = proven("log", di, DISCLOSURE_MISMATCH);
            if (rec.isEmpty()) {
                if (checkpoint == null) {
                    mismatch(at, "開示記録がログにあることを示せません (信頼できるチェックポイントがありません)",
                            "the disclosure record cannot be shown to be in the log (no trusted checkpoint)");
                }
                return;
            }
            EvidenceRecord r = rec.get();
            Map<String, Object> b = r.body();
            if (!r.type().equals(EvidenceTypes.DISCLOSURE)) {
                mismatch(at, "ログ記録 " + di + " は開示記録ではありません", "log record " + di + " is not a disclosure");
                return;
            }
            Map<String, Object> expect = new LinkedHashMap<>();
            expect.put("disclosure_id", m.disclosureId());
            expect.put("recipient", m.recipient().name());
            expect.put("recipient_verification", m.recipient().identityCheck());
            expect.put("recipient_reference", m.recipient().identityReference().orElse(null));
            expect.put("purpose", m.purpose());
            expect.put("request_id", m.requestId());
            expect.put("request_reference", m.requestReference().orElse(null));
            expect.put("decision_log_index", m.disclosure().decisionLogIndex());
            for (Map.Entry<String, Object> e : expect.entrySet()) {
                if (!Objects.equals(b.get(e.getKey()), e.getValue())) {
                    mismatch(at, "bundle.json の " + e.getKey() + " (" + e.getValue() + ") がログの開示記録 ("
                            + b.get(e.getKey()) + ") と一致しません。別の提供先又は別の開示に結び付いています",
                            "bundle.json's " + e.getKey() + " (" + e.getValue() + ") differs from the logged"
                                    + " disclosure (" + b.get(e.getKey()) + "): the bundle is bound to another"
                                    + " recipient or disclosure");
                }
            }
            List<Object> ranges = new ArrayList<>();
            for (BundleManifest.Range g : m.ranges()) {
                Map<String, Object> range = new LinkedHashMap<>();
                range.put("camera", g.camera());
                range.put("from", g.from().toString());
                range.put("to", g.to().toString());
                List<Object> segs = new ArrayList<>();
                List<Object> hashes = new ArrayList<>();
                for (BundleManifest.Segment s : m.segments()) {
                    if (s.camera().equals(g.camera())) {
                        segs.add(Map.of("sequence", s.sequence(), "first_unit", s.firstUnit(), "last_unit",
                                s.lastUnit()));
                        hashes.add(s.manifestHash());
                    }
                }
                range.put("manifest_hashes", hashes);
                range.put("segments", segs);
                ranges.add(range);
            }
            Map<String, Object> content = Map.of("ranges", ranges);
            Object logged = b.get("content");
            if (!(logged instanceof Map<?, ?> lc) || !Arrays.equals(CanonicalJson.encode(content),
                    CanonicalJson.encode(new TreeMap<>(subset(lc, content.keySet()))))) {
                mismatch(at, "bundle.json の範囲 (カメラごと) とセグメントがログの開示記録の提供内容と一致しません",
                        "bundle.json's ranges (per camera) and segments differ from the content of the logged"
                                + " disclosure");
            }
            long ki = m.disclosure().decisionLogIndex();
            Location kat = Location.entry(BundleLayout.record("log", ki)).withIndex(ki);
            Optional<EvidenceRecord> dec = proven("log", ki, DISCLOSURE_MISMATCH);
            if (dec.isPresent() && (!dec.get().type().equals(EvidenceTypes.DISCLOSURE_DECISION)
                    || !"PERMIT".equals(dec.get().body().get("decision"))
                    || !m.requestId().equals(dec.get().body().get("request_id")))) {
                mismatch(kat, "ログ記録 " + ki + " はこの請求を許可した判断ではありません",
                        "log record " + ki + " is not the decision that permitted this request");
            }
        }

        static Map<String, Object> subset(Map<?, ?> m, java.util.Set<String> keys) {
            Map<String, Object> o = new LinkedHashMap<>();
            for (String k : keys) {
                if (m.containsKey(k)) {
                    o.put(k, m.get(k));
                }
            }
            return o;
        }

        void mismatch(Location at, String ja, String en) {
            out.add(Msg.f(DISCLOSURE_MISMATCH, at, ja, en));
        }

        /** Each segment's clip, then the completeness of each camera's requested range. */
        void segments(BundleManifest m) {
            TreeMap<Long, EvidenceRecord> records = new TreeMap<>();
            for (long i : m.completeness()) {
                proven("completeness", i, PROOF_INVALID).ifPresent(r -> records.put(i, r));
            }
            long size = checkpoint == null ? records.isEmpty() ? 0 : records.lastKey() + 1 : checkpoint.size();
            AnchoredLog log = AnchoredLog.of(records, Math.max(size, records.isEmpty() ? 0 : records.lastKey() + 1),
                    checkpoint == null ? 0 : checkpoint.size());
            ctx = ctx.withLog(log);
            java.util.Set<String> asked = new java.util.HashSet<>();
            for (BundleManifest.Range g : m.ranges()) {
                asked.add(g.camera());
            }
            for (BundleManifest.Segment s : m.segments()) {
                if (!asked.contains(s.camera())) {
                    mismatch(segmentAt(s), "セグメントが請求されたカメラ (" + String.join(", ", asked.stream().sorted()
                            .toList()) + ") のものではありません", "the segment is not of a camera asked for ("
                            + String.join(", ", asked.stream().sorted().toList()) + ")");
                }
            }
            for (BundleManifest.Range g : m.ranges()) {
                camera(m, g);
            }
        }

        /** The clips of one camera's range, then its completeness. */
        void camera(BundleManifest m, BundleManifest.Range g) {
            String cam = g.camera();
            CameraEvidence ev = CameraEvidence.of(cam, ctx);
            NavigableMap<Long, AnchoredLog.Entry<SegmentSealed>> sealed = ev.anchoredSealed();
            TreeMap<Long, SegmentCheck> present = new TreeMap<>();
            for (BundleManifest.Segment s : m.segments()) {
                Location where = segmentAt(s);
                if (!s.camera().equals(cam) || withheld.contains(BundleLayout.segmentFolder(cam, s.sequence()))) {
                    continue;
                }
                BundleSegment source = new BundleSegment(s, held, media.get(s.media()), ch);
                SegmentCheck c = SegmentCheck.load(source);
                out.addAll(c.findings);
                if (!source.crcMatches()) {
                    out.add(Msg.f(BUNDLE_MALFORMED, Location.entry(s.media()), "CRC-32 がローカルヘッダと一致しません"
                            + " (書き込み後に変更されています)", "the entry's CRC-32 does not match its local header"
                            + " (changed after the bundle was written)"));
                }
                if (c.manifest == null) {
                    continue;
                }
                if (c.sig != null && !c.sigValid) {
                    out.add(SegmentFindings.badSignature(c, java.util.Set.of(), null));
                }
                if (!SegmentCheck.HEX.formatHex(c.hash).equals(s.manifestHash()) || c.seq() != s.sequence()
                        || !c.manifest.camera().equals(cam)) {
                    out.add(Msg.f(SEGMENT_INSERTED, where, "セグメント " + s.sequence() + " のマニフェストは bundle.json"
                            + " が示すものではありません", "segment " + s.sequence() + "'s manifest is not the one"
                            + " bundle.json names"));
                    continue;
                }
                clipUnits(s, c, where);
                if (c.sigValid) {
                    // the recording time: the manifest's end, raised to what the proven log records establish (G12)
                    TrustDecision d = KeyTrust.decide(ctx, c, KeyTrust.recordingTime(c, c.manifest.end(), ev));
                    if (!d.trusted()) {
                        out.add(KeyTrust.untrusted(c, d));
                    }
                }
                for (ChainEvent e : c.manifest.events()) {
                    Finding f = SegmentFindings.event(c, e);
                    if (f != null) {
                        out.add(f);
                    }
                }
                if (checkpoint == null) {
                    present.put(c.seq(), c);
                    continue;
                }
                if (sealed.containsKey(c.seq())) {
                    ev.replaced(c).ifPresent(out::add);
                } else {
                    out.add(Msg.f(SEGMENT_INSERTED, where, "セグメント " + c.seq()
                            + " はログが封印を記録したセグメントであることが示されていません (segment.sealed 記録がありません)",
                            "segment " + c.seq() + " is not shown to be a segment the log recorded as sealed"
                                    + " (no segment.sealed record in the bundle)"));
                }
                present.put(c.seq(), c);
            }
            if (checkpoint == null) {
                coverage.add(LocalizedText.of(cam + " " + g.from() + " 〜 " + g.to()
                        + ": 信頼できるチェックポイントがないため、完全性を示せません", cam + " " + g.from() + " – "
                        + g.to() + ": completeness cannot be shown without a trusted checkpoint"));
                return;
            }
            completeness(m, g, ev, sealed, present);
        }

        /** The clip's units are exactly those bundle.json names: none dropped, none added. */
        void clipUnits(BundleManifest.Segment s, SegmentCheck c, Location where) {
            UnitIndex idx;
            try {
                idx = c.source.unitIndex();
            } catch (Exception e) {
                return; // SegmentCheck reported it
            }
            long n = idx.units().size();
            long want = s.lastUnit() - s.firstUnit() + 1;
            if (idx.firstIndex() != s.firstUnit() || n != want || idx.unitCount() != s.unitCount()) {
                boolean fewer = idx.firstIndex() > s.firstUnit() || idx.firstIndex() + n - 1 < s.lastUnit();
                out.add(Msg.f(fewer ? UNIT_MISSING : UNIT_INSERTED, where, "クリップのユニット索引は "
                        + idx.firstIndex() + "〜" + (idx.firstIndex() + n - 1) + " ですが、bundle.json は "
                        + s.firstUnit() + "〜" + s.lastUnit() + " を示しています (" + (fewer ? "ユニットが抜けています"
                        : "ユニットが加えられています") + ")", "the clip's unit index lists units " + idx.firstIndex()
                        + " to " + (idx.firstIndex() + n - 1) + " but bundle.json names units " + s.firstUnit()
                        + " to " + s.lastUnit() + (fewer ? " (units were dropped)" : " (units were added)")));
            }
        }

        /** Every segment the log recorded for the range is there, erased with a receipt, or reported missing. */
        void completeness(BundleManifest m, BundleManifest.Range g, CameraEvidence ev,
                          NavigableMap<Long, AnchoredLog.Entry<SegmentSealed>> sealed, TreeMap<Long, SegmentCheck> present) {
            String cam = g.camera();
            long fromUs = micros(g.from());
            long toUs = micros(g.to());
            TreeMap<Long, SegmentSealed> covering = new TreeMap<>();
            for (AnchoredLog.Entry<SegmentSealed> e : sealed.values()) {
                if (e.value().startUs() <= toUs && e.value().endUs() >= fromUs) {
                    covering.put(e.value().sequence(), e.value());
                }
            }
            if (covering.isEmpty() && present.isEmpty()) {
                coverage.add(LocalizedText.of(cam + " " + g.from() + " 〜 " + g.to()
                        + ": ログはこの範囲のセグメントを記録していません", cam + " " + g.from() + " – "
                        + g.to() + ": the log records no segment in this range"));
                return;
            }
            long lo = Math.min(covering.isEmpty() ? Long.MAX_VALUE : covering.firstKey(),
                    present.isEmpty() ? Long.MAX_VALUE : present.firstKey());
            long hi = Math.max(covering.isEmpty() ? -1 : covering.lastKey(), present.isEmpty() ? -1 : present.lastKey());
            int before = errors();
            if (lo > 0 && !sealed.containsKey(lo - 1)) {
                out.add(Msg.f(SEGMENT_MISSING, Location.entry(cam).withSegment(lo - 1), "範囲の前のセグメント "
                        + (lo - 1) + " の封印記録がなく、範囲に掛かる前のセグメントが省かれていないことを示せません",
                        "no segment.sealed record of segment " + (lo - 1) + ": the bundle cannot show that no earlier"
                                + " segment of the range was withheld"));
            }
            if (lo > 0 && present.containsKey(lo) && sealed.containsKey(lo - 1)) {
                SegmentCheck c = present.get(lo);
                String prev = sealed.get(lo - 1).value().manifestHash();
                if (!c.manifest.prevManifestHash().orElse("").equals(prev)) {
                    out.add(Msg.f(CHAIN_BROKEN, c.where(), "セグメント " + lo + " の前マニフェストハッシュがログの封印記録 (セグメント "
                            + (lo - 1) + ") と一致しません", "segment " + lo + "'s previous-manifest hash does not"
                            + " match the log's sealing record of segment " + (lo - 1)));
                }
            }
            long gapStart = -1;
            for (long j = lo; j <= hi + 1; j++) {
                boolean here = j > hi || present.containsKey(j);
                if (!here && gapStart < 0) {
                    gapStart = j;
                } else if (here && gapStart >= 0) {
                    ev.gaps(gapStart, j, present.get(j), out);
                    gapStart = -1;
                }
                if (here && j <= hi && present.containsKey(j - 1)) {
                    SegmentCheck p = present.get(j - 1);
                    SegmentCheck c = present.get(j);
                    if (!c.manifest.prevManifestHash().orElse("").equals(SegmentCheck.HEX.formatHex(p.hash))) {
                        out.add(Msg.f(CHAIN_BROKEN, c.where(), "セグメント " + j + " の前マニフェストハッシュがセグメント "
                                + (j - 1) + " のマニフェストと一致しません", "segment " + j + "'s previous-manifest hash"
                                + " does not match segment " + (j - 1) + "'s manifest"));
                    }
                }
            }
            boolean complete = errors() == before;
            String seqs = lo == hi ? "" + lo : lo + "–" + hi;
            coverage.add(complete ? LocalizedText.of(cam + " " + g.from() + " 〜 " + g.to()
                            + ": ログ (" + m.log().treeSize() + " 件) が記録したこの範囲の映像はすべて含まれています (セグメント " + seqs + ")",
                    cam + " " + g.from() + " – " + g.to() + ": this is all the footage the log ("
                            + m.log().treeSize() + " records) recorded for the range (segments " + seqs + ")")
                    : LocalizedText.of(cam + " " + g.from() + " 〜 " + g.to()
                            + ": 不完全です (上の所見を参照)", cam + " " + g.from() + " – " + g.to()
                            + ": incomplete (see the findings above)"));
            gapsInTime(m, sealed, present, lo, hi, fromUs, toUs);
            if (!sealed.containsKey(hi + 1)) {
                coverage.add(LocalizedText.of("  セグメント " + hi + " より後の封印記録はバンドルにありません (ログ "
                        + m.log().treeSize() + " 件の時点)", "  no segment.sealed record after segment " + hi
                        + " is in the bundle (log at size " + m.log().treeSize() + ")"));
            }
        }

        /** States each stretch of the range the recording does not cover, and why. */
        void gapsInTime(BundleManifest m, NavigableMap<Long, AnchoredLog.Entry<SegmentSealed>> sealed,
                        TreeMap<Long, SegmentCheck> present, long lo, long hi, long fromUs, long toUs) {
            long cursor = fromUs;
            for (long j = lo; j <= hi; j++) {
                AnchoredLog.Entry<SegmentSealed> e = sealed.get(j);
                SegmentCheck c = present.get(j);
                long start = e != null ? e.value().startUs() : c != null ? c.manifest.startUs() : -1;
                long end = e != null ? e.value().endUs() : c != null ? c.manifest.endUs() : -1;
                if (start < 0) {
                    continue;
                }
                if (start - cursor > GAP_US) {
                    String why = "no recording";
                    String whyJa = "録画なし";
                    if (c != null && c.manifest.events().stream().anyMatch(x -> x instanceof ChainEvent.Restart)) {
                        ChainEvent.Restart r = (ChainEvent.Restart) c.manifest.events().stream()
                                .filter(x -> x instanceof ChainEvent.Restart).findFirst().orElseThrow();
                        why = r.reason().json();
                        whyJa = "再起動 (" + r.reason().json() + ")";
                    }
                    coverage.add(LocalizedText.of("  欠落: " + time(cursor) + " 〜 " + time(start) + " " + whyJa,
                            "  gap: " + time(cursor) + " – " + time(start) + " " + why));
                }
                if (c == null && e != null) {
                    coverage.add(LocalizedText.of("  セグメント " + j + " (" + time(start) + " 〜 " + time(end)
                            + ") はバンドルにありません (上の所見を参照)", "  segment " + j + " (" + time(start) + " – "
                            + time(end) + ") is not in the bundle (see the findings above)"));
                }
                cursor = Math.max(cursor, end);
            }
            if (toUs - cursor > GAP_US) {
                coverage.add(LocalizedText.of("  欠落: " + time(cursor) + " 〜 " + time(toUs) + " 録画なし",
                        "  gap: " + time(cursor) + " – " + time(toUs) + " no recording"));
            }
        }

        int errors() {
            return (int) out.stream().filter(f -> f.severity() == Severity.ERROR).count();
        }

        static long micros(Instant t) {
            return ChronoUnit.MICROS.between(Instant.EPOCH, t);
        }

        static String time(long us) {
            return Instant.EPOCH.plus(us, ChronoUnit.MICROS).truncatedTo(ChronoUnit.MILLIS).toString();
        }
    }

    /** One segment's entries of a bundle, as the segment checks read a stored segment. */
    private static final class BundleSegment implements RecordingSource.Segment {
        private final BundleManifest.Segment s;
        private final Map<String, byte[]> held;
        private final Media media;
        private final FileChannel ch;
        private final String dir;
        private Slice slice;

        BundleSegment(BundleManifest.Segment s, Map<String, byte[]> held, Media media, FileChannel ch) {
            this.s = s;
            this.held = held;
            this.media = media;
            this.ch = ch;
            this.dir = BundleLayout.segmentFolder(s.camera(), s.sequence());
        }

        @Override
        public String entry() {
            return dir.substring(0, dir.length() - 1);
        }

        @Override
        public Optional<Long> folderSequence() {
            return Optional.of(s.sequence());
        }

        @Override
        public boolean hasManifest() {
            return true;
        }

        private byte[] get(String name, int max) throws IOException {
            byte[] b = held.get(dir + name);
            if (b == null || b.length > max) {
                throw new IOException(dir + name + (b == null ? " is missing" : " is larger than " + max + " bytes"));
            }
            return b.clone();
        }

        @Override
        public byte[] manifest(int max) throws IOException {
            return get("manifest.json", max);
        }

        @Override
        public byte[] signature(int max) throws IOException {
            return get("manifest.sig.json", max);
        }

        @Override
        public UnitIndex unitIndex() throws IOException, ManifestFormatException {
            return UnitIndex.parse(get("units.json", (int) BundleLayout.MAX_UNIT_INDEX));
        }

        @Override
        public RecordingSource.Units units(UnitIndex index) {
            long[] offsets = new long[index.units().size()];
            long at = 0;
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = at;
                at += index.units().get(i).length();
            }
            slice = new Slice(ch, media.offset(), media.size());
            return new RecordingSource.Units.Contiguous(slice, offsets);
        }

        /**
         * Whether the media entry's bytes have the CRC-32 its local header states: computed as the units were
         * read front to back, or, where they were not (a changed unit made the cut look elsewhere), by reading
         * the entry once more.
         */
        boolean crcMatches() {
            if (slice == null) {
                return true; // the units were never read: the index did not parse, which is reported
            }
            try {
                return (int) slice.crc() == media.crc();
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** A media entry's bytes, read in place from the archive, with the CRC-32 of what was read front to back. */
    private static final class Slice implements RecordingSource.Bytes {
        private final FileChannel ch;
        private final long offset;
        private final long size;
        private final java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        private long crcAt;

        Slice(FileChannel ch, long offset, long size) {
            this.ch = ch;
            this.offset = offset;
            this.size = size;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public int read(long position, ByteBuffer dst) throws IOException {
            if (position < 0 || position >= size) {
                return -1;
            }
            int want = (int) Math.min(dst.remaining(), size - position);
            ByteBuffer view = dst.duplicate();
            view.limit(view.position() + want);
            int start = view.position();
            int n = ch.read(view, offset + position);
            if (n > 0) {
                if (position == crcAt) {
                    ByteBuffer done = dst.duplicate();
                    done.position(start).limit(start + n);
                    crc.update(done);
                    crcAt += n;
                }
                dst.position(dst.position() + n);
            }
            return n;
        }

        /** The CRC-32 of the whole entry: what was read front to back, completed by reading the rest. */
        long crc() throws IOException {
            ByteBuffer b = ByteBuffer.allocate(1 << 16);
            while (crcAt < size) {
                b.clear();
                if (read(crcAt, b) <= 0) {
                    throw new IOException("the media entry ends early");
                }
            }
            return crc.getValue();
        }

        @Override
        public void close() {
            // the archive's channel is closed by the verification that opened it
        }
    }
}
