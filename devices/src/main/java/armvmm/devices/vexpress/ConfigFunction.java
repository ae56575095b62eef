package armvmm.devices.vexpress;

/** SYS_CFGCTRL.FUNCTION: what a configuration-bus transfer addresses (V2M-P1 TRM, 4.3.11). */
enum ConfigFunction {
    OSC(1), VOLT(2), AMP(3), TEMP(4), RESET(5), SCC(6), MUXFPGA(7), SHUTDOWN(8), REBOOT(9), DVIMODE(11), POWER(12), ENERGY(13);

    final int code;

    ConfigFunction(int code) { this.code = code; }

    static ConfigFunction of(int code) {
        for (ConfigFunction f : values()) if (f.code == code) return f;
        return null;
    }
}
