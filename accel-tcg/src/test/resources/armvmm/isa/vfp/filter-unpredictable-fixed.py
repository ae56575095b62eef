import sys
# Drop the UNPREDICTABLE fixed-point VCVT whose fraction-bit count (size - imm4:i) is negative.
for line in sys.stdin:
    x = int(line.split()[0], 16)
    if (x >> 20) & 0xb == 0xb and ((x >> 16) & 0xf) in (0xa, 0xb, 0xe, 0xf) and (x >> 6) & 1:
        size = 32 if (x >> 7) & 1 else 16
        if size - (((x & 0xf) << 1) | ((x >> 5) & 1)) < 0:
            continue
    sys.stdout.write(line)
