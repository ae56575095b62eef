package armvmm.boards.vexpress;

import armvmm.boards.common.BoardWiring;
import armvmm.boards.common.DeviceModel;
import armvmm.boards.common.DeviceTreeWriter;
import armvmm.boards.common.MapWindow;
import armvmm.devices.vexpress.PowerControl;
import armvmm.devices.vexpress.VexpressSysRegs;
import armvmm.fdt.FdtNode;

/**
 * The motherboard's system registers (arm,vexpress-sysreg), which also bridge to its configuration bus:
 * SYS_CFGCTRL transfers reach the MCC's functions (V2M-P1 TRM, 4.3.11), of which the model acts on
 * SHUTDOWN and REBOOT.
 */
final class SysRegsModel implements DeviceModel {
    static final SysRegsModel INSTANCE = new SysRegsModel();

    private SysRegsModel() {}

    @Override
    public void build(BoardWiring wiring, MapWindow window) {
        wiring.map(window, new VexpressSysRegs(BoardWiring.deviceName("sysregs", window), wiring.machine().clock(),
                PowerControl.of(wiring.machine())));
    }

    /** The sysreg node, with a phandle for the configuration bus node to name it as its bridge. */
    @Override
    public void writeNode(DeviceTreeWriter dt, MapWindow window) {
        FdtNode sysreg = dt.device("sysreg", window).setString("compatible", "arm,vexpress-sysreg");
        dt.fdt().phandleOf(sysreg);
    }

    /**
     * The configuration bus of site 0 (the motherboard) bridged by {@code sysregs}' node, with the power
     * functions Linux's vexpress-poweroff drives through SYS_CFGCTRL: RESET 5, SHUTDOWN 8, REBOOT 9, device 0.
     */
    static void writeConfigBus(DeviceTreeWriter dt, MapWindow sysregs) {
        FdtNode bridge = dt.nodeOf(sysregs).orElseThrow(() -> new IllegalStateException("the configuration bus needs the sysreg node first"));
        FdtNode mcc = dt.root().addChild(new FdtNode("mcc"));
        mcc.setString("compatible", "arm,vexpress,config-bus").setU32("arm,vexpress,config-bridge", dt.fdt().phandleOf(bridge))
                .setU32("arm,vexpress,site", 0);
        mcc.addChild(new FdtNode("reset")).setString("compatible", "arm,vexpress-reset").setCells("arm,vexpress-sysreg,func", 5, 0);
        mcc.addChild(new FdtNode("shutdown")).setString("compatible", "arm,vexpress-shutdown").setCells("arm,vexpress-sysreg,func", 8, 0);
        mcc.addChild(new FdtNode("reboot")).setString("compatible", "arm,vexpress-reboot").setCells("arm,vexpress-sysreg,func", 9, 0);
    }
}
