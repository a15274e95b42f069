package jp.mimamori.integrity.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.StringWriter;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The log and witness keys on disk (K3-4 checkpoints): PKCS#8 v1 that OpenSSL 3.0 reads; v2 still read. */
class NoteSignerPemTest {
    static final byte[] SEED = new byte[32];

    static {
        for (int i = 0; i < SEED.length; i++) {
            SEED[i] = (byte) (i + 1);
        }
    }

    @Test
    @DisplayName("K3-4: a note signer's key file is PKCS#8 v1 (PrivateKeyInfo) without an embedded public key")
    void toPkcs8Pem_writesVersion1WithoutPublicKey() throws Exception {
        NoteSigner s = NoteSigner.fromSeed("city.example/evidence-log", NoteVerifier.ED25519, SEED);
        String pem = s.toPkcs8Pem();
        String body = pem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(Base64.getDecoder().decode(body));
        assertEquals(0, info.getVersion().intValueExact());
        assertNull(info.getPublicKeyData());
        assertEquals(s.verifier().toVkey(),
                NoteSigner.fromPkcs8Pem(s.name(), pem, NoteVerifier.ED25519).verifier().toVkey());
    }

    @Test
    @DisplayName("K3-4: a PKCS#8 v2 (OneAsymmetricKey) key file written by earlier versions is still read")
    void fromPkcs8Pem_readsVersion2() throws Exception {
        byte[] der = PrivateKeyInfoFactory.createPrivateKeyInfo(new Ed25519PrivateKeyParameters(SEED, 0)).getEncoded();
        assertEquals(1, PrivateKeyInfo.getInstance(der).getVersion().intValueExact());
        StringWriter w = new StringWriter();
        try (PemWriter pw = new PemWriter(w)) {
            pw.writeObject(new PemObject("PRIVATE KEY", der));
        }
        NoteSigner read = NoteSigner.fromPkcs8Pem("city.example/witness", w.toString(),
                NoteVerifier.COSIGNATURE_V1);
        assertEquals(NoteSigner.fromSeed("city.example/witness", NoteVerifier.COSIGNATURE_V1, SEED).verifier().toVkey(),
                read.verifier().toVkey());
    }
}
