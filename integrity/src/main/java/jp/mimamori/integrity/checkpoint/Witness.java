package jp.mimamori.integrity.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.ConfinedFiles;
import jp.mimamori.core.internal.io.DurableFiles;
import jp.mimamori.core.internal.io.FolderLock;
import jp.mimamori.integrity.merkle.Merkle;
import jp.mimamori.integrity.merkle.ProofException;

/**
 * A witness as C2SP {@code tlog-witness} defines one ({@code add-checkpoint}), over a state folder instead of HTTP:
 * for each log it trusts (by origin and signed-note key) it keeps the latest checkpoint it cosigned, and cosigns a
 * new checkpoint (C2SP {@code tlog-cosignature}, type 0x04, timestamped) only when the request's old size is that
 * checkpoint's size and the consistency proof in the request proves the new checkpoint extends it. Two cities can
 * witness each other's logs: a log that forks or rolls back cannot get a second cosignature from the same witness.
 *
 * <pre>{@code
 * Witness w = Witness.open(Path.of("witness-state"), witnessKey, List.of(cityLogKey));
 * Witness.Response r = w.addCheckpoint(Witness.request(oldSize, proof, checkpointNote), Instant.now());
 * if (r.status() == 200) System.out.print(new String(r.body(), UTF_8)); // the cosignature line
 * }</pre>
 *
 * <p>State folder: one file per log, {@code <hex SHA-256 of the origin>.checkpoint}, holding the latest cosigned
 * checkpoint with the witness's own cosignature (docs/FORMATS.md, "Witness state"); a state file that the witness's
 * key did not cosign is refused, never trusted. Checking and updating the state happen under the folder's lock, so
 * two requests cannot roll the state back.
 *
 * <p>Thread-safe: each call takes the state folder's lock (a second concurrent call fails with an
 * {@link IOException}).
 */
public final class Witness {
    /** Most consistency proof lines a request may carry. */
    public static final int MAX_PROOF = 63;

    private final Path state;
    private final NoteSigner key;
    private final List<NoteVerifier> logKeys;

    /**
     * The outcome of {@code add-checkpoint}, as tlog-witness's HTTP status and body: 200 with the cosignature
     * line(s); 400 bad request; 403 no valid signature by a trusted key for the origin; 404 unknown origin; 409
     * conflict (body: the latest cosigned size and a newline); 422 the proof or the roots do not verify.
     *
     * <p>Immutable and thread-safe.
     *
     * @param status  the HTTP status code tlog-witness prescribes
     * @param body    the response body (UTF-8)
     * @param code    the finding code a refusal stands for (empty for 200)
     * @param message what happened, in English
     */
    public record Response(int status, byte[] body, String code, String message) {
        /** Copies. */
        public Response {
            body = body.clone();
        }

        /** The body, as a copy. */
        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    private Witness(Path state, NoteSigner key, List<NoteVerifier> logKeys) {
        this.state = state;
        this.key = key;
        this.logKeys = logKeys;
    }

    /**
     * A witness keeping its state in {@code stateDir} (created if missing), cosigning with {@code key} (a type 0x04
     * cosigner) checkpoints of the logs whose type 0x01 keys are {@code logKeys}.
     */
    public static Witness open(Path stateDir, NoteSigner key, Collection<NoteVerifier> logKeys) throws IOException {
        Objects.requireNonNull(key, "key");
        if (key.verifier().type() != NoteVerifier.COSIGNATURE_V1) {
            throw new IllegalArgumentException("key: a witness cosigns with a tlog-cosignature (type 0x04) key");
        }
        Files.createDirectories(stateDir);
        return new Witness(stateDir, key, List.copyOf(logKeys));
    }

    /** The body of an {@code add-checkpoint} request: {@code old N}, proof lines, a blank line, the checkpoint. */
    public static byte[] request(long oldSize, List<byte[]> proof, byte[] checkpoint) {
        StringBuilder b = new StringBuilder("old ").append(oldSize).append('\n');
        for (byte[] h : proof) {
            b.append(Base64.getEncoder().encodeToString(h)).append('\n');
        }
        b.append('\n');
        byte[] head = b.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(head, head.length + checkpoint.length);
        System.arraycopy(checkpoint, 0, out, head.length, checkpoint.length);
        return out;
    }

    /** The latest size this witness cosigned for {@code origin} (0 if none). */
    public long latestSize(String origin) throws IOException {
        Checkpoint c = latest(origin);
        return c == null ? 0 : c.size();
    }

    private Path file(String origin) {
        return state.resolve(HexFormat.of().formatHex(sha256(origin)) + ".checkpoint");
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The latest cosigned checkpoint of {@code origin}, its state file checked to carry this witness's cosignature. */
    private Checkpoint latest(String origin) throws IOException {
        Path f = file(origin);
        if (!ConfinedFiles.isRegularFile(state, f)) {
            return null;
        }
        byte[] b = BoundedFiles.read(state, f, SignedNote.MAX_BYTES);
        try {
            SignedNote n = SignedNote.parse(b);
            Checkpoint c = Checkpoint.parseBody(n.text());
            NoteVerifier mine = key.verifier();
            boolean ours = n.signatures().stream().anyMatch(s -> mine.matches(s) && mine.verify(n.text(), s));
            if (!ours || !c.origin().equals(origin)) {
                throw new IOException(f + ": witness state not cosigned by this witness's key; refusing to trust it");
            }
            return c;
        } catch (NoteFormatException e) {
            throw new IOException(f + ": witness state is not a checkpoint: " + e.getMessage(), e);
        }
    }

    /**
     * {@code add-checkpoint}: checks the request as tlog-witness says and, when everything holds, persists the
     * checkpoint as the latest one of its log and returns 200 with this witness's cosignature line. Never throws on
     * a hostile request (only on failing storage).
     */
    public Response addCheckpoint(byte[] request, Instant now) throws IOException {
        String text = new String(request, StandardCharsets.UTF_8);
        int blank = text.indexOf("\n\n");
        if (request.length > SignedNote.MAX_BYTES + 64 * (MAX_PROOF + 1) || blank < 0) {
            return refuse(400, "BAD_REQUEST", "not an add-checkpoint request (old line, proof lines, blank line,"
                    + " checkpoint)");
        }
        String[] head = text.substring(0, blank).split("\n", -1);
        long old;
        List<byte[]> proof = new ArrayList<>();
        try {
            if (!head[0].matches("old (0|[1-9][0-9]{0,18})")) {
                return refuse(400, "BAD_REQUEST", "first line must be \"old N\"");
            }
            old = Long.parseLong(head[0].substring(4));
            if (head.length - 1 > MAX_PROOF) {
                return refuse(400, "BAD_REQUEST", "more than 63 consistency proof lines");
            }
            for (int i = 1; i < head.length; i++) {
                byte[] h = Base64.getDecoder().decode(head[i]);
                if (h.length != Merkle.HASH_LENGTH || !Base64.getEncoder().encodeToString(h).equals(head[i])) {
                    return refuse(400, "BAD_REQUEST", "proof line " + i + " is not a base64 hash");
                }
                proof.add(h);
            }
        } catch (IllegalArgumentException e) {
            return refuse(400, "BAD_REQUEST", "malformed request: " + e.getMessage());
        }
        byte[] note = text.substring(blank + 2).getBytes(StandardCharsets.UTF_8);
        SignedNote n;
        Checkpoint c;
        try {
            n = SignedNote.parse(note);
            c = Checkpoint.parseBody(n.text());
        } catch (NoteFormatException e) {
            return refuse(400, "BAD_REQUEST", "malformed checkpoint: " + e.getMessage());
        }
        List<NoteVerifier> forOrigin = logKeys.stream().filter(k -> k.name().equals(c.origin())).toList();
        if (forOrigin.isEmpty()) {
            return refuse(404, VerificationCode.KEY_UNTRUSTED.name(), "unknown origin " + c.origin());
        }
        CheckpointVerifier.Result v = CheckpointVerifier.verify(note, forOrigin, Location.entry("checkpoint"));
        if (!v.valid()) {
            return refuse(403, v.findings().get(0).code().toString(), v.findings().get(0).message().en());
        }
        if (old > c.size()) {
            return refuse(400, "BAD_REQUEST", "old size " + old + " is above the checkpoint's size " + c.size());
        }
        if (c.size() == 0 && !Arrays.equals(c.rootHash(), Merkle.emptyRoot())) {
            return refuse(422, VerificationCode.PROOF_INVALID.name(), "a checkpoint of size 0 must have the empty root");
        }
        try (FolderLock lock = FolderLock.acquire(state, "witness state")) {
            Checkpoint last = latest(c.origin());
            long lastSize = last == null ? 0 : last.size();
            if (old != lastSize) {
                return new Response(409, (lastSize + "\n").getBytes(StandardCharsets.US_ASCII),
                        VerificationCode.LOG_INCONSISTENT.name(), "old size " + old + " is not the latest cosigned size "
                        + lastSize);
            }
            if (old == 0) {
                if (!proof.isEmpty()) {
                    return refuse(422, VerificationCode.PROOF_INVALID.name(), "a proof from size 0 must be empty");
                }
            } else if (old == c.size()) {
                if (!proof.isEmpty() || !Arrays.equals(last.rootHash(), c.rootHash())) {
                    return refuse(422, VerificationCode.LOG_INCONSISTENT.name(), "another root for the size "
                            + old + " this witness cosigned (a fork)");
                }
            } else {
                try {
                    Merkle.verifyConsistency(old, c.size(), proof, last.rootHash(), c.rootHash());
                } catch (ProofException e) {
                    return refuse(422, VerificationCode.LOG_INCONSISTENT.name(), "not consistent with the checkpoint of"
                            + " size " + old + " this witness cosigned: " + e.getMessage());
                }
            }
            NoteSignature mine = key.sign(n.text(), Math.max(1, now.getEpochSecond()));
            SignedNote stored = new SignedNote(n.text(), List.of(mine));
            DurableFiles.replace(file(c.origin()), stored.encode());
            byte[] all = stored.encode();
            byte[] line = Arrays.copyOfRange(all, n.text().getBytes(StandardCharsets.UTF_8).length + 1, all.length);
            return new Response(200, line, "", "cosigned " + c.origin() + " at size " + c.size());
        }
    }

    private static Response refuse(int status, String code, String message) {
        return new Response(status, (message + "\n").getBytes(StandardCharsets.UTF_8), code, message);
    }

    @Override
    public String toString() {
        return "Witness[" + key.name() + "]";
    }
}
