/**
 * The public Java API for embedding the VMM: build a machine with {@link armvmm.api.VirtualMachine#builder()},
 * start it, pause, resume or stop it, and read why it ended as an {@link armvmm.api.ExitReason}.
 *
 * <p>This package is the whole public API. Every other package on the class path ({@code armvmm.machine},
 * {@code armvmm.accel}, {@code armvmm.launch}, {@code armvmm.cli}, the boards, devices and accelerators) is
 * internal: public in the Java sense only so that the modules can reach each other, and changed without
 * notice.
 *
 * <p>The boards and accelerators are plug-ins found on the class path at run time, so an embedding program
 * needs the jars of the distribution's {@code lib} directory (or the Maven artifact {@code dev.armvmm:dist},
 * which brings them all). A minimal program:
 *
 * <pre>{@code
 * try (VirtualMachine vm = VirtualMachine.builder()
 *         .board("vexpress-a15").accelerator("tcg").memory(64L << 20)
 *         .kernel(Path.of("guests/demo/demo.bin"))
 *         .serial(InputStream.nullInputStream(), System.out)
 *         .build()) {
 *     vm.start();
 *     ExitReason why = vm.awaitExit();
 * }
 * }</pre>
 *
 * <p>Mistakes in what a program asks for (an unknown board, too many CPUs, an unreadable kernel, an
 * accelerator this host cannot run) are {@link armvmm.api.MachineException}s with a one-line message.
 */
package armvmm.api;
