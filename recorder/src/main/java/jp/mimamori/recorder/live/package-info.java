/**
 * Recording a camera's continuous live stream: cutting it into segments at keyframes as it arrives, for the
 * recorder's per-camera handle to seal (the {@code mimamori record} command is this over standard input).
 *
 * <p>May use: the JDK, integrity's media splitters (internal, by qualified export) and this module.
 */
package jp.mimamori.recorder.live;
