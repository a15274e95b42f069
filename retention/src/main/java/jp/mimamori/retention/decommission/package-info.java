/**
 * Decommissioning a camera (K4-3-2: when operation ends, remove cameras and signage): erase its remaining
 * images write-ahead, record the removal of the camera and its signage, close its designations, and log
 * {@code camera.decommissioned}. Held images are not erased (invariant 3); the record says how many remain.
 *
 * <p>May use: the JDK, core ({@code evidence}, {@code segment}), {@code …retention.erase}.
 */
package jp.mimamori.retention.decommission;
