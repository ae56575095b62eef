/**
 * PCI: a generic ECAM host ({@link armvmm.devices.pci.PciEcamHost}) with its host bridge, the functions
 * behind it ({@link armvmm.devices.pci.PciFunction}: a type 0 configuration header and BARs), and QEMU's
 * pci-testdev for kvm-unit-tests.
 */
package armvmm.devices.pci;
