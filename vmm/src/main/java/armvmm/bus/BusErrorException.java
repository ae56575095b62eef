package armvmm.bus;

/**
 * A physical access the bus cannot complete: nothing mapped at the address, a size the device does not
 * accept, or a write to ROM. The TCG CPU turns it into a synchronous external abort; the KVM accelerator
 * into the corresponding exit handling. Stackless: it is a guest event, not a VMM bug.
 */
public final class BusErrorException extends RuntimeException {
    public enum Kind { UNMAPPED, BAD_SIZE, READ_ONLY }

    private final long address;
    private final Kind kind;

    public BusErrorException(Kind kind, long address, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.address = address;
    }

    public long address() { return address; }
    public Kind kind() { return kind; }
}
