package armvmm.kvm.sys;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A reusable native buffer for ioctl arguments, read and written at the offsets of {@link KvmAbi} in host
 * byte order. One per vCPU (or per VM for VM ioctls), used by one thread at a time.
 */
public final class ArgBuffer {
    private final Memory memory;
    private final ByteBuffer bytes;

    public ArgBuffer(int size) {
        memory = new Memory(size);
        bytes = memory.getByteBuffer(0, size).order(ByteOrder.nativeOrder());
        clear();
    }

    public long address() { return Pointer.nativeValue(memory); }

    public int size() { return bytes.capacity(); }

    public ArgBuffer clear() {
        memory.clear();
        return this;
    }

    public int getByte(int off) { return bytes.get(off) & 0xff; }
    public int getShort(int off) { return bytes.getShort(off) & 0xffff; }
    public int getInt(int off) { return bytes.getInt(off); }
    public long getLong(int off) { return bytes.getLong(off); }

    public ArgBuffer putByte(int off, int v) { bytes.put(off, (byte) v); return this; }
    public ArgBuffer putShort(int off, int v) { bytes.putShort(off, (short) v); return this; }
    public ArgBuffer putInt(int off, int v) { bytes.putInt(off, v); return this; }
    public ArgBuffer putLong(int off, long v) { bytes.putLong(off, v); return this; }
}
