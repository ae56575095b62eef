package armvmm.cp15;

/** The outcome of a permission check for one coprocessor register access (ARM ARM B3.17, B1.14). */
public enum CpAccess {
    /** The access goes ahead. */
    OK,
    /** The instruction is UNDEFINED: the CPU takes the Undefined Instruction exception. */
    UNDEFINED,
    /** A Non-secure PL0/PL1 access trapped to Hyp mode (HSTR, CNTHCTL): the CPU takes a Hyp Trap exception (HSR.EC 0x3 or 0x4). */
    HYP_TRAP
}
