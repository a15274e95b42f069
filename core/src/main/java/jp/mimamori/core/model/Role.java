package jp.mimamori.core.model;

import java.util.EnumSet;
import java.util.Set;
import jp.mimamori.core.internal.EnumLabels;
import jp.mimamori.core.text.LocalizedText;

/**
 * A role in the chain of designation: the {@link #INSTALLER} designates an {@link #OPERATION_MANAGER}
 * (K3-1-1), who designates {@link #OPERATOR}s (K3-1-2); a {@link #CONTRACTOR} acts only under a recorded
 * contract clause (K5-1).
 *
 * <p>Immutable and thread-safe.
 */
public enum Role {
    /** 設置者: owns the cameras; grants nothing by itself but designates the operation manager. */
    INSTALLER("K3-1-1", EnumSet.noneOf(Action.class)),
    /** 運用責任者 (K3-1-1): every action, erasing footage under retention included. */
    OPERATION_MANAGER("K3-1-1", EnumSet.allOf(Action.class)),
    /** 操作責任者 (K3-1-2): everything but erasing footage, which stays with the manager or a permit. */
    OPERATOR("K3-1-2", EnumSet.complementOf(EnumSet.of(Action.ERASE))),
    /** 受託者 (K5-1): operates and views under contract; exports stay with managers and operators (K3-2-1). */
    CONTRACTOR("K5-1",
            EnumSet.of(Action.VIEW_LIVE, Action.VIEW_RECORDED, Action.OPERATE, Action.REMOTE_VIEW));

    private final String requirement;
    private final Set<Action> actions;

    Role(String requirement, Set<Action> actions) {
        this.requirement = requirement;
        this.actions = Set.copyOf(actions);
    }

    /** The role's name in Japanese and English. */
    public LocalizedText label() {
        return EnumLabels.of(this);
    }

    /** The requirement that establishes the role. */
    public String requirement() {
        return requirement;
    }

    /** The actions a designation in this role allows within its scope (remote viewing still needs a grant). */
    public Set<Action> actions() {
        return actions;
    }

    /** The role that must have designated this one: installer for managers, a manager for the others. */
    public Role designatedBy() {
        return switch (this) {
            case INSTALLER -> INSTALLER;
            case OPERATION_MANAGER -> INSTALLER;
            case OPERATOR, CONTRACTOR -> OPERATION_MANAGER;
        };
    }
}
