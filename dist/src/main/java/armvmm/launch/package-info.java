/**
 * Internal: how the command line and the embedding API find the boards and accelerators on the class path
 * and build a machine. Not part of the public API ({@link armvmm.api} is); it changes without notice.
 */
package armvmm.launch;
