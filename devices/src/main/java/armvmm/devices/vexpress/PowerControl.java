package armvmm.devices.vexpress;

import armvmm.machine.Machine;

/** What the motherboard's SHUTDOWN and REBOOT configuration functions act on. */
public interface PowerControl {
    void powerOff(String why);

    void reset(String why);

    static PowerControl of(Machine machine) {
        return new PowerControl() {
            @Override
            public void powerOff(String why) { machine.requestPowerOff(why); }

            @Override
            public void reset(String why) { machine.requestReset(why); }
        };
    }
}
