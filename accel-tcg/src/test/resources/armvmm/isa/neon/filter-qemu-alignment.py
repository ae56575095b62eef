import sys
# qemu-arm 7.2 does not enforce the 256-bit alignment qualifier (multiple-structure forms, align = 11) on an
# address that is 16-byte aligned; the ARM ARM requires 32. Drop those records rather than record qemu's answer.
for line in sys.stdin:
    w = line.split()
    x = int(w[0], 16)
    address = 128 + int(w[2])
    if not (x >> 23) & 1 and ((x >> 4) & 3) == 3 and address % 32 == 16 and w[4] != 'ALIGN':
        continue
    sys.stdout.write(line)
