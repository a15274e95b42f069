/**
 * Implementation details of the recorder module; not exported, not API.
 *
 * <p>May use: the JDK.
 */
package jp.mimamori.recorder.internal;
