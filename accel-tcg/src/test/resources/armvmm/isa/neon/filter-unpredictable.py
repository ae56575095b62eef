import sys
# Drop the UNPREDICTABLE VTRN/VUZP/VZIP with Vd == Vm (two-register miscellaneous, A = 10, B = 0001x..0011x).
for line in sys.stdin:
    x = int(line.split()[0], 16)
    if (x & 0xffb30000) == 0xf3b20000 and 1 <= ((x >> 7) & 0xf) <= 3:
        d = ((x >> 18) & 0x10) | ((x >> 12) & 0xf)
        m = ((x >> 1) & 0x10) | (x & 0xf)
        if d == m:
            continue
    sys.stdout.write(line)
