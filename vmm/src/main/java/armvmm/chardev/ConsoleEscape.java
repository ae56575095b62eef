package armvmm.chardev;

import java.io.ByteArrayOutputStream;

/**
 * The terminal escape of {@code --serial stdio}, as QEMU's: Ctrl-A x quits (powers the machine off),
 * Ctrl-A Ctrl-A sends one Ctrl-A to the guest, Ctrl-A h prints the keys. Any other key after Ctrl-A is
 * swallowed, so a mistyped escape never reaches the guest half-done.
 */
final class ConsoleEscape {
    static final int CTRL_A = 0x01;
    static final String HELP = "\r\nC-a x    quit (power the machine off)\r\nC-a C-a  send C-a\r\nC-a h    this help\r\n";

    private final Runnable onQuit;
    private final Runnable onHelp;
    private boolean escaped;

    ConsoleEscape(Runnable onQuit, Runnable onHelp) {
        this.onQuit = onQuit;
        this.onHelp = onHelp;
    }

    /** Filters typed bytes; returns what goes to the guest. */
    byte[] filter(byte[] typed, int offset, int length) {
        ByteArrayOutputStream toGuest = new ByteArrayOutputStream(length);
        for (int i = offset; i < offset + length; i++) {
            int b = typed[i] & 0xff;
            if (!escaped) {
                if (b == CTRL_A) escaped = true;
                else toGuest.write(b);
                continue;
            }
            escaped = false;
            switch (b) {
                case CTRL_A -> toGuest.write(CTRL_A);
                case 'x', 'X' -> onQuit.run();
                case 'h', 'H', '?' -> onHelp.run();
                default -> { /* an unknown escape is dropped */ }
            }
        }
        return toGuest.toByteArray();
    }
}
