/**
 * Implementation details of the recorder module; not exported, not API.
 *
 * <p>May use: the JDK, core, integrity's seal, manifest and log packages.
 */
package jp.mimamori.recorder.internal;
