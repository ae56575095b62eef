import armvmm.api.ExitReason;
import armvmm.api.VirtualMachine;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Boots the bundled demo guest through the embedding API and prints its serial output, then why it ended.
 * From the repository root, after 'mvn -DskipTests package':
 *
 *     java -cp 'dist/target/lib/*' examples/embed/BootDemo.java [guests/demo/demo.bin]
 */
public class BootDemo {
    public static void main(String[] args) throws InterruptedException {
        // the demo is a bare-metal binary linked where the board loads a raw kernel image
        Path demo = Path.of(args.length > 0 ? args[0] : "guests/demo/demo.bin");
        try (VirtualMachine vm = VirtualMachine.builder()
                .board("vexpress-a15")
                .accelerator("tcg")
                .cpus(1)
                .memory(64L << 20)
                .kernel(demo)
                .serial(InputStream.nullInputStream(), System.out)
                .timeout(Duration.ofSeconds(30))
                .build()) {
            vm.start();
            ExitReason why = vm.awaitExit();
            System.out.println("exit reason: " + why.kind() + " (" + why.detail() + "), status " + why.exitStatus());
            if (why.kind() != ExitReason.Kind.POWER_OFF) System.exit(1);
        }
    }
}
