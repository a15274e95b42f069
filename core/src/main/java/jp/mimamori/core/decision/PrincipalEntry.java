package jp.mimamori.core.decision;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.model.RemoteViewingGrant;
import jp.mimamori.core.text.LocalizedText;

/** A principal's grants, its remote-viewing cameras and grants, and its cached deny texts. */
final class PrincipalEntry {
    volatile Grant[] grants = new Grant[0];
    /** Cameras the principal may view remotely (S5). */
    final BitSet remote = new BitSet();
    /** The remote-viewing grants with their camera sets, in rules order. */
    final List<RemoteViewingGrant> remoteGrants = new ArrayList<>();
    final List<BitSet> remoteCameras = new ArrayList<>();
    final Fact fact;
    /** {@code name (id)}. */
    final String named;
    final LocalizedText[] noGrantReasons = new LocalizedText[Action.values().length * Purpose.values().length];

    PrincipalEntry(String id, String named) {
        this.fact = new Fact("principal", id);
        this.named = named;
    }

    /** The first remote-viewing grant covering camera {@code index}, or -1. */
    int remoteGrantFor(int index) {
        for (int k = 0; k < remoteCameras.size(); k++) {
            if (remoteCameras.get(k).get(index)) {
                return k;
            }
        }
        return -1;
    }
}
