package armvmm.devices.virtio;

import armvmm.memory.RamBlock;

/**
 * One buffer of a descriptor chain, already checked to lie wholly inside one RAM block:
 * guest-physical {@code [gpa, gpa+len)} is {@code [offset, offset+len)} of {@code ram}.
 */
public record GuestBuffer(long gpa, RamBlock ram, long offset, int len) {
    /** The part {@code [from, from+n)} of this buffer; the caller stays inside it. */
    GuestBuffer part(long from, int n) {
        return new GuestBuffer(gpa + from, ram, offset + from, n);
    }
}
