package jp.mimamori.core.rules;

/** How much a compliance finding matters. */
public enum Severity {
    /** The rules break the guideline; they must not be adopted as they are. */
    ERROR,
    /** Something the installer should fix or explain. */
    WARNING,
    /** Noted for the record (a justified longer retention, an enabled remote viewing). */
    INFO
}
