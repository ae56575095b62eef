package armvmm.bus;

/** Who makes a bus access: a vCPU (its index and, for traces, its current PC) or a DMA engine. */
public interface BusMaster {
    int DMA = -1;

    int id();

    /** The guest PC of the access in progress; only asked for when a trace is on. */
    long currentPc();

    BusMaster DMA_MASTER = new BusMaster() {
        public int id() { return DMA; }
        public long currentPc() { return -1; }
    };
}
