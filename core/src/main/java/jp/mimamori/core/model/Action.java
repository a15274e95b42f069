package jp.mimamori.core.model;

import jp.mimamori.core.internal.EnumLabels;
import jp.mimamori.core.text.LocalizedText;

/**
 * What a principal asks to do with a camera or its images (K3-1-3, K3-2-1, S5), or with its recorded footage at the
 * end of its retention period ({@link #ERASE}, K3-2-2, K3-2-3). Immutable and thread-safe.
 */
public enum Action {
    /** ライブ映像の視聴. */
    VIEW_LIVE,
    /** 録画映像の視聴. */
    VIEW_RECORDED,
    /** 機器の操作 (pan, tilt, zoom, settings). */
    OPERATE,
    /** 画像の書き出し (K3-2-1: only managers and operators, always protected and logged). */
    EXPORT,
    /** 遠隔視聴 (S5: denied unless the rules enable it for the principal and site). */
    REMOTE_VIEW,
    /**
     * 録画映像の消去: run retention, erasing recorded footage whose period ended (K3-2-2, K3-2-3), or a camera's
     * footage when it is decommissioned (K4-3-2). An operation manager may by the role (K3-1-1); anyone else,
     * a retention service account included, only with a manager's permit naming it (K3-1-3). Erasure uses no
     * footage, so no purpose is asked of it, and a permit that allows only erasure names none.
     */
    ERASE;

    /** The action's name in Japanese and English. */
    public LocalizedText label() {
        return EnumLabels.of(this);
    }
}
