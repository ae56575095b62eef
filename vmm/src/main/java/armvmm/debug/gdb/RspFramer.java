package armvmm.debug.gdb;

import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/**
 * The byte level of the GDB Remote Serial Protocol: {@code $payload#cc} packets with a two-digit checksum
 * (the payload's byte sum modulo 256), the acknowledgements {@code +} and {@code -}, and the interrupt byte
 * 0x03 sent outside any packet. Bytes are fed as they arrive; each complete unit goes to the sink. A payload
 * longer than {@link #MAX_PAYLOAD} is counted but not kept ({@link Frame.Oversized}); a bad or non-hex
 * checksum is {@link Frame.BadChecksum}. Nothing a client sends makes it throw.
 */
final class RspFramer {
    /** The PacketSize this stub announces (qSupported): the longest payload it accepts. */
    static final int MAX_PAYLOAD = 16384;

    sealed interface Frame {
        record Packet(byte[] payload) implements Frame {}
        record Oversized(long length) implements Frame {}
        record BadChecksum() implements Frame {}
        record Ack() implements Frame {}
        record Nack() implements Frame {}
        record Interrupt() implements Frame {}
    }

    private enum State { IDLE, DATA, CHECKSUM1, CHECKSUM2 }

    private final Consumer<Frame> sink;
    private final ByteArrayOutputStream payload = new ByteArrayOutputStream();
    private State state = State.IDLE;
    private long length;
    private int sum, checksumHigh;

    RspFramer(Consumer<Frame> sink) { this.sink = sink; }

    void feed(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) feed(buf[i] & 0xff);
    }

    void feed(int b) {
        switch (state) {
            case IDLE -> {
                switch (b) {
                    case '$' -> start();
                    case '+' -> sink.accept(new Frame.Ack());
                    case '-' -> sink.accept(new Frame.Nack());
                    case 0x03 -> sink.accept(new Frame.Interrupt());
                    default -> { } // line noise between packets is ignored, as the protocol allows
                }
            }
            case DATA -> {
                if (b == '#') {
                    state = State.CHECKSUM1;
                } else if (b == '$') {
                    start(); // a packet that never ended: the new one replaces it
                } else {
                    length++;
                    sum += b;
                    if (length <= MAX_PAYLOAD) payload.write(b);
                }
            }
            case CHECKSUM1 -> {
                checksumHigh = hexDigit(b);
                state = State.CHECKSUM2;
            }
            case CHECKSUM2 -> {
                int low = hexDigit(b);
                state = State.IDLE;
                if (checksumHigh < 0 || low < 0 || (checksumHigh << 4 | low) != (sum & 0xff)) sink.accept(new Frame.BadChecksum());
                else if (length > MAX_PAYLOAD) sink.accept(new Frame.Oversized(length));
                else sink.accept(new Frame.Packet(payload.toByteArray()));
            }
        }
    }

    private void start() {
        state = State.DATA;
        payload.reset();
        length = 0;
        sum = 0;
    }

    static int hexDigit(int c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** {@code $payload#cc} for a reply. */
    static byte[] frame(byte[] payload) {
        byte[] out = new byte[payload.length + 4];
        out[0] = '$';
        int sum = 0;
        for (int i = 0; i < payload.length; i++) {
            out[i + 1] = payload[i];
            sum += payload[i] & 0xff;
        }
        out[payload.length + 1] = '#';
        out[payload.length + 2] = (byte) Character.forDigit((sum >> 4) & 0xf, 16);
        out[payload.length + 3] = (byte) Character.forDigit(sum & 0xf, 16);
        return out;
    }
}
