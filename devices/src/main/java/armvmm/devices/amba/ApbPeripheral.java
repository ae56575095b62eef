package armvmm.devices.amba;

import armvmm.bus.MmioDevice;
import armvmm.bus.RegisterMap;
import armvmm.bus.UnknownAccessLog;

/**
 * A peripheral whose window is a table of word registers (an enum {@code R} named as its TRM names
 * them), optionally topped by PrimeCell ID registers: the shape of the PL011, SP804, SP810, PL031 and the
 * motherboard system registers. This class decodes the offset; an offset no register claims reads as zero
 * and ignores writes, reported once. Subclasses handle one register at a time and do their own locking.
 */
public abstract class ApbPeripheral<R extends Enum<R> & RegisterMap.Register> implements MmioDevice {
    private final String name;
    private final PrimeCellId id;
    private final String idPrefix;
    private final RegisterMap<R> registers;
    protected final UnknownAccessLog unknown;

    /**
     * @param id       the PrimeCell ID at 0xFE0-0xFFC, or null for a peripheral without one
     * @param idPrefix what the TRM puts before "PeriphID0" ("UART", "Timer", ...), for traces
     */
    protected ApbPeripheral(String name, PrimeCellId id, String idPrefix, Class<R> registerTable) {
        this.name = name;
        this.id = id;
        this.idPrefix = idPrefix;
        this.registers = RegisterMap.of(registerTable);
        this.unknown = new UnknownAccessLog(name);
    }

    @Override
    public final String name() { return name; }

    @Override
    public String registerName(long offset) {
        if (id != null && PrimeCellId.covers(offset)) return idPrefix + PrimeCellId.registerName(offset);
        R r = registers.at(offset);
        return r == null ? null : r.name();
    }

    @Override
    public final long read(long offset, int size, int requester) {
        if (id != null && PrimeCellId.covers(offset)) return (offset & 3) == 0 ? id.read(offset) : 0;
        R r = registers.at(offset);
        if (r == null) {
            unknown.once("read of unknown offset", offset, size);
            return 0;
        }
        return Integer.toUnsignedLong(readRegister(r));
    }

    @Override
    public final void write(long offset, int size, long value, int requester) {
        R r = registers.at(offset);
        if (r == null) {
            boolean isId = id != null && PrimeCellId.covers(offset);
            unknown.once(isId ? "write to read-only ID register" : "write to unknown offset", offset, size);
            return;
        }
        writeRegister(r, (int) value);
    }

    protected abstract int readRegister(R r);

    protected abstract void writeRegister(R r, int value);

    /** For a write to a register the guest can only read. */
    protected final void writeToReadOnly(R r) { unknown.once("write to read-only " + r.name(), r.offset(), 4); }
}
