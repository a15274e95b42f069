package jp.mimamori.integrity.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * RFC 9162 inclusion and consistency proof vectors (transparency-dev/merkle, copied with its LICENSE under
 * {@code vectors/rfc9162-merkle}): every good proof verifies, every broken one fails (DESIGN.md: exactly RFC
 * 9162 §2.1, so proofs check against any RFC 9162 implementation). Indexes and sizes are parsed as unsigned.
 */
class MerkleVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path vectors(String sub) throws Exception {
        return Path.of(MerkleVectorsTest.class.getResource("/vectors/rfc9162-merkle/testdata/" + sub).toURI());
    }

    private static List<Path> files(String sub) throws Exception {
        try (Stream<Path> s = Files.walk(vectors(sub))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static byte[] b64(JsonNode n) {
        return Base64.getDecoder().decode(n.asText());
    }

    private static List<byte[]> proof(JsonNode n) {
        List<byte[]> out = new ArrayList<>();
        if (n != null && !n.isNull()) {
            n.forEach(p -> out.add(b64(p)));
        }
        return out;
    }

    private static long unsigned(JsonNode n) {
        return Long.parseUnsignedLong(n.asText());
    }

    @TestFactory
    @DisplayName("K3-2-4: RFC 9162 inclusion vectors: good proofs verify, broken ones fail")
    Stream<DynamicTest> inclusionVectors() throws Exception {
        List<Path> files = files("inclusion");
        assertTrue(files.size() > 50, "vectors present");
        Path base = vectors("inclusion");
        return files.stream().map(f -> DynamicTest.dynamicTest(base.relativize(f).toString(), () -> {
            JsonNode v = JSON.readTree(f.toFile());
            boolean wantErr = v.get("wantErr").asBoolean();
            byte[] leaf = b64(v.get("leafHash"));
            long index = unsigned(v.get("leafIdx"));
            long size = unsigned(v.get("treeSize"));
            List<byte[]> proof = proof(v.get("proof"));
            byte[] root = b64(v.get("root"));
            if (wantErr) {
                assertThrows(ProofException.class, () -> Merkle.verifyInclusion(leaf, index, size, proof, root));
            } else {
                Merkle.verifyInclusion(leaf, index, size, proof, root);
            }
        }));
    }

    @TestFactory
    @DisplayName("K3-2-4: RFC 9162 consistency vectors: good proofs verify, broken ones fail")
    Stream<DynamicTest> consistencyVectors() throws Exception {
        List<Path> files = files("consistency");
        assertTrue(files.size() > 50, "vectors present");
        Path base = vectors("consistency");
        return files.stream().map(f -> DynamicTest.dynamicTest(base.relativize(f).toString(), () -> {
            JsonNode v = JSON.readTree(f.toFile());
            boolean wantErr = v.get("wantErr").asBoolean();
            long size1 = unsigned(v.get("size1"));
            long size2 = unsigned(v.get("size2"));
            List<byte[]> proof = proof(v.get("proof"));
            byte[] root1 = b64(v.get("root1"));
            byte[] root2 = b64(v.get("root2"));
            if (wantErr) {
                assertThrows(ProofException.class,
                        () -> Merkle.verifyConsistency(size1, size2, proof, root1, root2));
            } else {
                Merkle.verifyConsistency(size1, size2, proof, root1, root2);
            }
        }));
    }

    @TestFactory
    @DisplayName("K3-2-4: our generated proofs equal the good vectors' proofs for the 8-leaf reference tree")
    Stream<DynamicTest> generatedProofs_matchVectors() throws Exception {
        // The happy-path vectors use the RFC 6962/9162 reference tree of 8 leaves; rebuild it and compare.
        List<byte[]> leaves = referenceLeaves();
        List<Path> files = new ArrayList<>();
        files.addAll(files("inclusion"));
        files.addAll(files("consistency"));
        return files.stream().filter(f -> f.getFileName().toString().equals("happy-path.json"))
                .map(f -> DynamicTest.dynamicTest(f.getParent().getParent().getFileName() + "/"
                        + f.getParent().getFileName(), () -> {
                    JsonNode v = JSON.readTree(f.toFile());
                    if (v.has("leafIdx")) {
                        int size = (int) unsigned(v.get("treeSize"));
                        List<byte[]> tree = leaves.subList(0, size);
                        assertEquals(b64(v.get("root")).length, 32);
                        assertHashesEqual(b64(v.get("root")), Merkle.root(tree));
                        assertProofEquals(proof(v.get("proof")),
                                Merkle.inclusionProof(tree, unsigned(v.get("leafIdx"))));
                    } else {
                        int size2 = (int) unsigned(v.get("size2"));
                        List<byte[]> tree = leaves.subList(0, size2);
                        assertHashesEqual(b64(v.get("root2")), Merkle.root(tree));
                        assertProofEquals(proof(v.get("proof")),
                                Merkle.consistencyProof(tree, unsigned(v.get("size1"))));
                    }
                }));
    }

    /** The leaves of RFC 6962's reference tree (the inputs of the upstream happy-path vectors). */
    static List<byte[]> referenceLeaves() {
        String[] hex = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f"};
        List<byte[]> out = new ArrayList<>();
        for (String h : hex) {
            out.add(Merkle.leafHash(java.util.HexFormat.of().parseHex(h)));
        }
        return out;
    }

    private static void assertHashesEqual(byte[] want, byte[] got) {
        assertEquals(java.util.HexFormat.of().formatHex(want), java.util.HexFormat.of().formatHex(got));
    }

    private static void assertProofEquals(List<byte[]> want, List<byte[]> got) {
        assertEquals(want.size(), got.size(), "proof length");
        for (int i = 0; i < want.size(); i++) {
            assertHashesEqual(want.get(i), got.get(i));
        }
    }
}
