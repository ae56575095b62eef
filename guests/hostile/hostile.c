/*
 * Issue 17's hostile guest: it attacks the virt board's devices from inside and prints, one line per case,
 * what the device did, so that dist's HostileGuestTest can hold every line to the architected reaction:
 *
 *  - virtio-blk (transport 0 at 0x0a000000, modern): broken descriptor chains, rings and queue sizes; after
 *    each, the transport's Status (DEVICE_NEEDS_RESET), InterruptStatus (the configuration change interrupt)
 *    and the used ring are read, a good request is shown not to be served while the device is broken, and
 *    a reset (Status = 0) with a good read of sector 0 must work again. Bad requests in a good chain
 *    (beyond the disk's end, an unknown type) must fail alone in their status byte;
 *  - every register of the GIC, PL011, PL031, PL061 and the virtio transport written with pseudo-random
 *    values; unmapped addresses and unaligned accesses must give a Data Abort, which start.S catches;
 *  - DMA into the guest's own code: a virtio-blk read over a function that has run often enough to be
 *    translated (also one kicked from the page it overwrites), and avail_event written over an
 *    instruction; the new code must then run;
 * and then it powers off through PSCI, which ends the VMM with exit status 0.
 *
 * The host's test writes DISK_MAGIC at the start of sector 0 of a scratch disk.
 */
#include <stdint.h>

#define UART_BASE    0x09000000u
#define RTC_BASE     0x09010000u
#define GPIO_BASE    0x09030000u
#define GICD_BASE    0x08000000u
#define GICC_BASE    0x08010000u
#define VIRTIO_BASE  0x0a000000u            /* transport 0: the --drive */
#define RAM_END      0x44000000u            /* --memory 64M */

/* virtio-mmio registers (virtio 1.2, 4.2.2) */
#define VIRTIO_MMIO_MAGIC_VALUE         0x000
#define VIRTIO_MMIO_VERSION             0x004
#define VIRTIO_MMIO_DEVICE_ID           0x008
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES     0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL           0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX       0x034
#define VIRTIO_MMIO_QUEUE_NUM           0x038
#define VIRTIO_MMIO_QUEUE_READY         0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY        0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS    0x060
#define VIRTIO_MMIO_INTERRUPT_ACK       0x064
#define VIRTIO_MMIO_STATUS              0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW      0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH     0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW    0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH   0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW    0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH   0x0a4
#define VIRTIO_MMIO_CONFIG              0x100
#define VIRTIO_MMIO_INT_CONFIG          2

/* device status (2.1) */
#define ACKNOWLEDGE        1
#define DRIVER             2
#define DRIVER_OK          4
#define FEATURES_OK        8
#define DEVICE_NEEDS_RESET 0x40

#define VIRTQ_DESC_F_NEXT  1
#define VIRTQ_DESC_F_WRITE 2
#define VIRTQ_DESC_F_INDIRECT 4

#define VIRTIO_RING_F_INDIRECT_DESC 28
#define VIRTIO_RING_F_EVENT_IDX 29

#define VIRTIO_BLK_T_IN   0
#define VIRTIO_BLK_T_OUT  1
#define VIRTIO_BLK_S_OK     0
#define VIRTIO_BLK_S_IOERR  1
#define VIRTIO_BLK_S_UNSUPP 2

#define QSIZE 16
#define SECTOR 512
#define DISK_MAGIC "armvmm hostile disk"

#define PROBE_ABORTED 0xdeadbeefu

uint32_t probe_read32(uint32_t pa);
void probe_write32(uint32_t pa, uint32_t v);
void probe_write8(uint32_t pa, uint32_t v);
int patched_fn(void);
int evidx_fn(void);
int selfdma_kick(uint32_t notify);
int selfdma_target(void);
extern uint8_t evidx_page[];
extern const uint32_t replacement_code[2];
void psci_system_off(void) __attribute__((noreturn));

struct virtq_desc { uint64_t addr; uint32_t len; uint16_t flags; uint16_t next; };
struct virtq_avail { uint16_t flags, idx, ring[QSIZE], used_event; };
struct virtq_used_elem { uint32_t id, len; };
struct virtq_used { uint16_t flags, idx; struct virtq_used_elem ring[QSIZE]; uint16_t avail_event; };
struct blk_req { uint32_t type, reserved; uint64_t sector; };

/* The rings, one page apart, and the request buffers: the device only ever sees these addresses (or the
 * hostile ones a case puts in a descriptor). */
static struct virtq_desc desc[QSIZE] __attribute__((aligned(4096)));
static struct virtq_avail avail __attribute__((aligned(4096)));
static struct virtq_used used_ring __attribute__((aligned(4096)));
/* where the device's used ring is: used_ring, except in the case that puts it over code */
static volatile struct virtq_used *up = &used_ring;
static struct blk_req hdr __attribute__((aligned(16)));
static struct virtq_desc itable[4] __attribute__((aligned(16)));
static struct virtq_desc itable2[2] __attribute__((aligned(16)));
static uint8_t data[SECTOR] __attribute__((aligned(512)));
static volatile uint8_t status_byte;
static uint16_t avail_idx, used_seen;

volatile uint32_t aborts, last_dfsr, last_dfar, last_abort_pc, undefs;

void abort_taken(uint32_t dfsr, uint32_t dfar, uint32_t pc) { aborts++; last_dfsr = dfsr; last_dfar = dfar; last_abort_pc = pc; }
void undef_taken(uint32_t a, uint32_t b, uint32_t pc) { (void)a; (void)b; (void)pc; undefs++; }

/* gcc may call these for struct and array copies even when freestanding */
void *memset(void *d, int c, unsigned n) { uint8_t *p = d; while (n--) *p++ = (uint8_t)c; return d; }
void *memcpy(void *d, const void *s, unsigned n) { uint8_t *p = d; const uint8_t *q = s; while (n--) *p++ = *q++; return d; }

static void putc_uart(char c) { *(volatile uint32_t *)UART_BASE = (uint8_t)c; }
static void puts_uart(const char *s) { while (*s) putc_uart(*s++); }
static void puthex(uint32_t v)
{
    puts_uart("0x");
    int shift = 28;
    while (shift > 0 && ((v >> shift) & 0xf) == 0) shift -= 4;
    for (; shift >= 0; shift -= 4) putc_uart("0123456789abcdef"[(v >> shift) & 0xf]);
}
static void putdec(uint32_t v)
{
    char b[11];
    int i = 10;
    b[i] = 0;
    do { b[--i] = (char)('0' + v % 10); v /= 10; } while (v);
    puts_uart(&b[i]);
}

void prefetch_abort_taken(uint32_t ifsr, uint32_t ifar, uint32_t pc)
{
    puts_uart("FAIL prefetch abort IFSR="); puthex(ifsr); puts_uart(" IFAR="); puthex(ifar); puts_uart(" pc="); puthex(pc); puts_uart("\n");
}

static inline void dmb(void) { __asm__ volatile("dmb" ::: "memory"); }
static uint32_t vr(uint32_t off) { return *(volatile uint32_t *)(VIRTIO_BASE + off); }
static void vw(uint32_t off, uint32_t v) { *(volatile uint32_t *)(VIRTIO_BASE + off) = v; }

/* GICD_ISPENDR1 bit 16: interrupt 48, the virt board's SPI 16, transport 0's line. Pending state is
 * kept whether or not the interrupt is enabled (IHI 0048B 3.2.4), so the guest need not take it. */
#define VIRTIO_INTID 48
static uint32_t spi_pending(void)
{
    return (*(volatile uint32_t *)(GICD_BASE + 0x200 + 4 * (VIRTIO_INTID / 32)) >> (VIRTIO_INTID % 32)) & 1;
}

/* Reset and bring the device up with a queue of qnum entries (modern: VIRTIO_F_VERSION_1 only). Returns
 * QueueReady as read back, or -1 if FEATURES_OK was refused. */
static int blk_start_with(uint32_t qnum, uint32_t features)
{
    vw(VIRTIO_MMIO_STATUS, 0);
    memset(desc, 0, sizeof desc);
    memset(&avail, 0, sizeof avail);
    memset((void *)up, 0, 4 + sizeof up->ring);   /* not avail_event: it may be code */
    avail_idx = used_seen = 0;
    vw(VIRTIO_MMIO_STATUS, ACKNOWLEDGE);
    vw(VIRTIO_MMIO_STATUS, ACKNOWLEDGE | DRIVER);
    vw(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    vw(VIRTIO_MMIO_DRIVER_FEATURES, 1);     /* bit 32: VIRTIO_F_VERSION_1 */
    vw(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    vw(VIRTIO_MMIO_DRIVER_FEATURES, features);
    vw(VIRTIO_MMIO_STATUS, ACKNOWLEDGE | DRIVER | FEATURES_OK);
    if (!(vr(VIRTIO_MMIO_STATUS) & FEATURES_OK)) return -1;
    vw(VIRTIO_MMIO_QUEUE_SEL, 0);
    vw(VIRTIO_MMIO_QUEUE_NUM, qnum);
    vw(VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
    vw(VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
    vw(VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)&avail);
    vw(VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
    vw(VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)up);
    vw(VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
    vw(VIRTIO_MMIO_QUEUE_READY, 1);
    int ready = (int)vr(VIRTIO_MMIO_QUEUE_READY);
    vw(VIRTIO_MMIO_STATUS, ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK);
    return ready;
}

static int blk_start(uint32_t qnum) { return blk_start_with(qnum, 0); }

static void set_desc(int i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
    desc[i].addr = addr;
    desc[i].len = len;
    desc[i].flags = flags;
    desc[i].next = next;
}

static void publish(uint16_t head)
{
    avail.ring[avail_idx % QSIZE] = head;
    dmb();
    avail.idx = ++avail_idx;
    dmb();
    vw(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

/* 1: a chain came back, 0: the device went to DEVICE_NEEDS_RESET, -1: neither in a bounded wait. The disk
 * serves reads and writes during the notify itself; the bound only keeps a broken VMM from hanging us. */
static int wait_used(void)
{
    for (int i = 0; i < 1000000; i++) {
        dmb();
        if (up->idx != used_seen) { used_seen++; return 1; }
        if (vr(VIRTIO_MMIO_STATUS) & DEVICE_NEEDS_RESET) return 0;
    }
    return -1;
}

/* A well-formed request: header, one data buffer, status. Returns the status byte, or -1 / -2 as wait_used. */
static int blk_request(uint32_t type, uint64_t sector, void *buf, uint32_t len)
{
    hdr.type = type;
    hdr.reserved = 0;
    hdr.sector = sector;
    status_byte = 0xaa;
    set_desc(0, (uint32_t)&hdr, sizeof hdr, VIRTQ_DESC_F_NEXT, 1);
    set_desc(1, (uint32_t)buf, len, VIRTQ_DESC_F_NEXT | (type == VIRTIO_BLK_T_IN ? VIRTQ_DESC_F_WRITE : 0), 2);
    set_desc(2, (uint32_t)&status_byte, 1, VIRTQ_DESC_F_WRITE, 0);
    publish(0);
    int r = wait_used();
    return r == 1 ? status_byte : r - 1;
}

static int sector0_reads_back(void)
{
    memset(data, 0, sizeof data);
    if (blk_request(VIRTIO_BLK_T_IN, 0, data, SECTOR) != VIRTIO_BLK_S_OK) return 0;
    const char *m = DISK_MAGIC;
    for (int i = 0; m[i]; i++) if (data[i] != (uint8_t)m[i]) return 0;
    return 1;
}

/* What every broken case must end in: DEVICE_NEEDS_RESET with a configuration change interrupt and
 * nothing returned; a good request not served while broken; after a reset, a good read served. */
static void expect_needs_reset(const char *name)
{
    dmb();
    uint32_t st = vr(VIRTIO_MMIO_STATUS), is = vr(VIRTIO_MMIO_INTERRUPT_STATUS);
    uint16_t returned = (uint16_t)(up->idx - used_seen);
    puts_uart(name);
    puts_uart(": Status="); puthex(st);
    puts_uart(" InterruptStatus="); puthex(is);
    puts_uart(" used +"); putdec(returned);
    /* the transport's level-triggered line as the GIC sees it: pending until the driver acknowledges */
    uint32_t line = spi_pending();
    vw(VIRTIO_MMIO_INTERRUPT_ACK, is);
    uint32_t line_after = spi_pending();
    puts_uart(line ? ", SPI pending" : ", SPI not pending");
    puts_uart(line_after ? " (still after the ACK)" : " until the ACK");
    int ok = (st & DEVICE_NEEDS_RESET) && (is & VIRTIO_MMIO_INT_CONFIG) && returned == 0 && line && !line_after;
    /* a good request while broken: the device must leave it alone */
    hdr.type = VIRTIO_BLK_T_IN;
    hdr.sector = 0;
    set_desc(3, (uint32_t)&hdr, sizeof hdr, VIRTQ_DESC_F_NEXT, 4);
    set_desc(4, (uint32_t)&status_byte, 1, VIRTQ_DESC_F_WRITE, 0);
    publish(3);
    for (int i = 0; i < 1000; i++) dmb();
    int served = up->idx != used_seen;
    puts_uart(served ? "; served while broken" : "; ignored while broken");
    int ready = blk_start(QSIZE);
    int back = ready == 1 && sector0_reads_back();
    puts_uart(back ? "; reset, read OK" : "; reset, read FAILED");
    puts_uart(ok && !served && back ? " -> ok\n" : " -> FAIL\n");
}

/* A case that breaks one rule of the split virtqueue: the caller has written the descriptors; publish
 * `head` and expect the device to refuse it. */
static void broken_chain(const char *name, int head)
{
    publish((uint16_t)head);
    int r = wait_used();
    if (r == 1) { puts_uart(name); puts_uart(": the device served it -> FAIL\n"); blk_start(QSIZE); return; }
    expect_needs_reset(name);
}

static void case_desc_loop(void)
{
    hdr.type = VIRTIO_BLK_T_IN; hdr.sector = 0;
    /* both device-readable, so that only the loop is wrong (a writable one before the head again would
     * be caught as readable-after-writable instead) */
    set_desc(0, (uint32_t)&hdr, sizeof hdr, VIRTQ_DESC_F_NEXT, 1);
    set_desc(1, (uint32_t)data, SECTOR, VIRTQ_DESC_F_NEXT, 0);
    broken_chain("descriptor loop (0 -> 1 -> 0)", 0);
}

static void case_chain_longer_than_queue(void)
{
    hdr.type = VIRTIO_BLK_T_IN; hdr.sector = 0;
    set_desc(0, (uint32_t)&hdr, sizeof hdr, VIRTQ_DESC_F_NEXT, 1);
    /* every descriptor of the table in one chain, the last leading on to the first again: 17 links */
    for (int i = 1; i < QSIZE; i++)
        set_desc(i, (uint32_t)data, 16, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, (uint16_t)((i + 1) % QSIZE));
    broken_chain("chain longer than the queue (16 descriptors, then 0 again)", 0);
}

static void case_next_beyond_table(void)
{
    hdr.type = VIRTIO_BLK_T_IN; hdr.sector = 0;
    set_desc(0, (uint32_t)&hdr, sizeof hdr, VIRTQ_DESC_F_NEXT, QSIZE);
    broken_chain("next index 16 in a 16-entry table", 0);
}

static void case_head_beyond_table(void)
{
    broken_chain("available head 0xffff", 0xffff);
}

/* A read whose data buffer (device-writable) is at `addr` for `len` bytes. */
static void case_data_at(const char *name, uint64_t addr, uint32_t len)
{
    hdr.type = VIRTIO_BLK_T_IN; hdr.sector = 0;
    status_byte = 0xaa;
    set_desc(0, (uint32_t)&hdr, sizeof hdr, VIRTQ_DESC_F_NEXT, 1);
    set_desc(1, addr, len, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
    set_desc(2, (uint32_t)&status_byte, 1, VIRTQ_DESC_F_WRITE, 0);
    broken_chain(name, 0);
}

/* Indirect tables (2.7.5.3), with VIRTIO_RING_F_INDIRECT_DESC negotiated unless `negotiate` is 0. */
static void indirect_case(const char *name, int negotiate, uint64_t table, uint32_t len)
{
    blk_start_with(QSIZE, negotiate ? 1u << VIRTIO_RING_F_INDIRECT_DESC : 0);
    set_desc(0, table, len, VIRTQ_DESC_F_INDIRECT, 0);
    broken_chain(name, 0);
}

static void set_idesc(struct virtq_desc *t, int i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
    t[i].addr = addr; t[i].len = len; t[i].flags = flags; t[i].next = next;
}

static void case_indirect(void)
{
    hdr.type = VIRTIO_BLK_T_IN; hdr.sector = 0;
    set_idesc(itable, 0, (uint32_t)&hdr, sizeof hdr, VIRTQ_DESC_F_NEXT, 1);
    set_idesc(itable, 1, (uint32_t)data, SECTOR, VIRTQ_DESC_F_NEXT, 1);     /* points at itself */
    indirect_case("indirect table whose entry 1 points at itself", 1, (uint32_t)itable, 2 * sizeof itable[0]);
    set_idesc(itable2, 0, (uint32_t)&status_byte, 1, VIRTQ_DESC_F_WRITE, 0);
    set_idesc(itable, 0, (uint32_t)itable2, sizeof itable2[0], VIRTQ_DESC_F_INDIRECT, 0);
    indirect_case("indirect table inside an indirect table", 1, (uint32_t)itable, sizeof itable[0]);
    indirect_case("indirect table in the GIC (0x08000000)", 1, GICD_BASE, 4 * sizeof itable[0]);
    indirect_case("indirect table of 24 bytes", 1, (uint32_t)itable, 24);
    set_idesc(itable, 0, (uint32_t)&hdr, sizeof hdr, VIRTQ_DESC_F_NEXT, 1);
    set_idesc(itable, 1, (uint32_t)&status_byte, 1, VIRTQ_DESC_F_WRITE, 0);
    indirect_case("indirect table without VIRTIO_RING_F_INDIRECT_DESC", 0, (uint32_t)itable, 2 * sizeof itable[0]);
}

static void case_header_in_mmio(void)
{
    /* the header the device reads is the UART's data register: reading it would pop the console's input */
    set_desc(0, UART_BASE, 16, VIRTQ_DESC_F_NEXT, 1);
    set_desc(1, (uint32_t)&status_byte, 1, VIRTQ_DESC_F_WRITE, 0);
    broken_chain("header in the PL011 (0x09000000)", 0);
}

static void case_huge_length(void)
{
    hdr.type = VIRTIO_BLK_T_IN; hdr.sector = 0;
    set_desc(0, (uint32_t)&hdr, sizeof hdr, VIRTQ_DESC_F_NEXT, 1);
    set_desc(1, (uint32_t)data, 0xffffffffu, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
    set_desc(2, (uint32_t)&status_byte, 1, VIRTQ_DESC_F_WRITE, 0);
    broken_chain("data length 0xffffffff", 0);
}

static void case_readable_after_writable(void)
{
    /* the status byte marked device-read-only after a device-writable data buffer */
    hdr.type = VIRTIO_BLK_T_IN; hdr.sector = 0;
    set_desc(0, (uint32_t)&hdr, sizeof hdr, VIRTQ_DESC_F_NEXT, 1);
    set_desc(1, (uint32_t)data, SECTOR, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
    set_desc(2, (uint32_t)&status_byte, 1, 0, 0);
    broken_chain("status byte read-only after writable data", 0);
}

static void case_avail_jump(const char *name, uint16_t ahead)
{
    hdr.type = VIRTIO_BLK_T_IN; hdr.sector = 0;
    set_desc(0, (uint32_t)&hdr, sizeof hdr, VIRTQ_DESC_F_NEXT, 1);
    set_desc(1, (uint32_t)&status_byte, 1, VIRTQ_DESC_F_WRITE, 0);
    for (int i = 0; i < QSIZE; i++) avail.ring[i] = 0;
    dmb();
    avail_idx = (uint16_t)(avail_idx + ahead);
    avail.idx = avail_idx;
    dmb();
    vw(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    int r = wait_used();
    if (r == 1) { puts_uart(name); puts_uart(": the device served it -> FAIL\n"); blk_start(QSIZE); return; }
    expect_needs_reset(name);
}

/* QueueNum (or the descriptor table address) the device must refuse at QueueReady. */
static void case_queue_setup(const char *name, uint32_t qnum, uint32_t desc_addr)
{
    vw(VIRTIO_MMIO_STATUS, 0);
    vw(VIRTIO_MMIO_STATUS, ACKNOWLEDGE | DRIVER);
    vw(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    vw(VIRTIO_MMIO_DRIVER_FEATURES, 1);
    vw(VIRTIO_MMIO_STATUS, ACKNOWLEDGE | DRIVER | FEATURES_OK);
    vw(VIRTIO_MMIO_QUEUE_SEL, 0);
    vw(VIRTIO_MMIO_QUEUE_NUM, qnum);
    vw(VIRTIO_MMIO_QUEUE_DESC_LOW, desc_addr);
    vw(VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)&avail);
    vw(VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)up);
    vw(VIRTIO_MMIO_QUEUE_READY, 1);
    uint32_t ready = vr(VIRTIO_MMIO_QUEUE_READY);
    puts_uart(name);
    puts_uart(": QueueReady="); putdec(ready);
    puts_uart("; ");
    used_seen = up->idx;
    expect_needs_reset("then");
}

/* Requests in a good chain that the device must fail in the status byte alone, the device staying usable. */
static void case_bad_request(const char *name, uint32_t type, uint64_t sector, uint32_t len, int expected)
{
    int s = blk_request(type, sector, data, len);
    uint32_t st = vr(VIRTIO_MMIO_STATUS);
    puts_uart(name);
    puts_uart(": status byte "); putdec((uint32_t)s);
    puts_uart(", Status="); puthex(st);
    int back = sector0_reads_back();
    puts_uart(back ? "; next read OK" : "; next read FAILED");
    puts_uart(s == expected && st == (ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK) && back ? " -> ok\n" : " -> FAIL\n");
}

static void case_status_only_readable(void)
{
    /* no device-writable buffer at all: there is nowhere to put a status */
    hdr.type = VIRTIO_BLK_T_IN; hdr.sector = 0;
    status_byte = 0xaa;
    set_desc(0, (uint32_t)&hdr, sizeof hdr, VIRTQ_DESC_F_NEXT, 1);
    set_desc(1, (uint32_t)&status_byte, 1, 0, 0);
    publish(0);
    int r = wait_used();
    uint32_t st = vr(VIRTIO_MMIO_STATUS);
    puts_uart("status byte in a read-only buffer, nothing writable: ");
    if (r == 1) { puts_uart("returned, len "); putdec(up->ring[(used_seen - 1) % QSIZE].len); }
    else puts_uart(r == 0 ? "DEVICE_NEEDS_RESET" : "no answer");
    puts_uart(", status byte "); puthex(status_byte);
    puts_uart(", Status="); puthex(st);
    if (r == 0) { expect_needs_reset(""); return; }
    int untouched = status_byte == 0xaa;
    int back = sector0_reads_back();
    puts_uart(back ? "; next read OK" : "; next read FAILED");
    int ok = r == 1 && untouched && back;
    puts_uart(ok ? " -> ok\n" : " -> FAIL\n");
}

static uint64_t capacity(void)
{
    uint32_t lo = vr(VIRTIO_MMIO_CONFIG), hi = vr(VIRTIO_MMIO_CONFIG + 4);
    return (uint64_t)hi << 32 | lo;
}

/* ---- every register with pseudo-random values ---- */

static uint32_t rng_state = 20261204;
static uint32_t xorshift(void)
{
    uint32_t x = rng_state;
    x ^= x << 13; x ^= x >> 17; x ^= x << 5;
    return rng_state = x;
}

/* `settle` puts back what must hold for the report to be seen (the UART's loopback off); may be null */
static void fuzz_window(const char *name, uint32_t base, uint32_t size, uint32_t skip_lo, uint32_t skip_hi, void (*settle)(void))
{
    uint32_t before = aborts, writes = 0;
    for (uint32_t off = 0; off < size; off += 4) {
        if (off >= skip_lo && off < skip_hi) continue;
        probe_write32(base + off, xorshift());
        writes++;
    }
    for (int i = 0; i < 64; i++) {
        uint32_t off = xorshift() % size;
        if (off >= skip_lo && off < skip_hi) continue;
        probe_write8(base + off, xorshift());
        writes++;
    }
    if (settle) settle();
    puts_uart("random writes to "); puts_uart(name); puts_uart(": "); putdec(writes);
    puts_uart(" writes, "); putdec(aborts - before); puts_uart(" aborts\n");
}

static void uart_settle(void)
{
    *(volatile uint32_t *)(UART_BASE + 0x030) = 0x301;    /* UARTCR: UARTEN | TXE | RXE, loopback off */
    *(volatile uint32_t *)(UART_BASE + 0x02c) = 0x70;     /* UARTLCR_H: 8 bits, FIFOs */
    *(volatile uint32_t *)(UART_BASE + 0x038) = 0;        /* UARTIMSC */
}

/* With the MMU off every data access is Strongly-ordered, so an unaligned one is an alignment fault
 * whatever SCTLR.A says (ARM ARM A3.2.1); an access where nothing is mapped is an external abort. */
static void probe_fault(const char *name, uint32_t pa, int write)
{
    uint32_t before = aborts;
    uint32_t v = 0;
    if (write) probe_write32(pa, 0x5a5a5a5a);
    else v = probe_read32(pa);
    int aborted = aborts == before + 1;
    puts_uart(write ? "write to " : "read of ");
    puts_uart(name); puts_uart(" "); puthex(pa); puts_uart(": ");
    if (aborted) {
        puts_uart("Data Abort DFSR="); puthex(last_dfsr); puts_uart(" DFAR="); puthex(last_dfar);
    } else {
        puts_uart("no abort");
        if (!write) { puts_uart(", read "); puthex(v); }
    }
    puts_uart(aborted && last_dfar == pa ? " -> ok\n" : " -> FAIL\n");
}

/* ---- DMA into code ---- */

static void case_dma_into_code(void)
{
    uint32_t sum = 0;
    /* far more runs than the translator's threshold (3,000), so patched_fn is JVM code by now */
    for (int i = 0; i < 20000; i++) sum += (uint32_t)patched_fn();
    int before = patched_fn();
    memset(data, 0, sizeof data);
    memcpy(data, replacement_code, sizeof replacement_code);
    int w = blk_request(VIRTIO_BLK_T_OUT, 8, data, SECTOR);
    /* The read lands on the function's own page. Only an ISB follows, no ICIALLU: the VMM must notice the
     * DMA write itself, as it must for a store (a real core would need the I-cache invalidated). */
    int r = blk_request(VIRTIO_BLK_T_IN, 8, (void *)patched_fn, SECTOR);
    __asm__ volatile("isb" ::: "memory");
    int after = patched_fn();
    puts_uart("DMA into code: before "); puthex((uint32_t)before);
    puts_uart(" (x"); putdec(sum / 0x11); puts_uart("), write status "); putdec((uint32_t)w);
    puts_uart(", read status "); putdec((uint32_t)r);
    puts_uart(", after "); puthex((uint32_t)after);
    puts_uart(before == 0x11 && w == 0 && r == 0 && after == 0x42 ? " -> ok\n" : " -> FAIL\n");
}

/* The same DMA, but started by a store in the very page it overwrites, from translated code that goes on
 * (after an ISB) to call the replaced function. */
static void case_dma_into_running_page(void)
{
    static volatile uint32_t dummy;
    memset(data, 0, sizeof data);
    memcpy(data, replacement_code, sizeof replacement_code);
    int w = blk_request(VIRTIO_BLK_T_OUT, 9, data, SECTOR);
    uint32_t sum = 0;
    for (int i = 0; i < 20000; i++) sum += (uint32_t)selfdma_kick((uint32_t)&dummy);
    hdr.type = VIRTIO_BLK_T_IN;
    hdr.sector = 9;
    status_byte = 0xaa;
    set_desc(0, (uint32_t)&hdr, sizeof hdr, VIRTQ_DESC_F_NEXT, 1);
    set_desc(1, (uint32_t)(uintptr_t)selfdma_target, SECTOR, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
    set_desc(2, (uint32_t)&status_byte, 1, VIRTQ_DESC_F_WRITE, 0);
    avail.ring[avail_idx % QSIZE] = 0;
    dmb();
    avail.idx = ++avail_idx;
    dmb();
    int after = selfdma_kick(VIRTIO_BASE + VIRTIO_MMIO_QUEUE_NOTIFY);
    int served = wait_used();
    puts_uart("DMA into the running page: before 0x11 (x"); putdec(sum / 0x11);
    puts_uart("), write status "); putdec((uint32_t)w);
    puts_uart(", read status "); putdec(served == 1 ? status_byte : 0xff);
    puts_uart(", after "); puthex((uint32_t)after);
    puts_uart(w == 0 && served == 1 && status_byte == 0 && after == 0x42 ? " -> ok\n" : " -> FAIL\n");
}

/* With VIRTIO_RING_F_EVENT_IDX the device writes avail_event (2.7.10) whenever it finds the ring empty.
 * Here the used ring sits so that avail_event is the low halfword of evidx_fn's first instruction (mov r0,
 * #imm): the guest puts #0x11 back with a store, runs the function until it is translated, kicks the
 * queue with nothing in it, and after ICIALLU and ISB (what the architecture asks after a DMA write to code)
 * must run what memory now holds, #lastAvail. */
static void case_avail_event_over_code(void)
{
    volatile uint32_t *insn = (volatile uint32_t *)(uintptr_t)evidx_fn;
    up = (volatile struct virtq_used *)evidx_page;
    int ready = blk_start_with(QSIZE, 1u << VIRTIO_RING_F_EVENT_IDX);
    int first = sector0_reads_back();           /* served, then the empty ring: avail_event = 1 */
    uint32_t written = *insn;
    *insn = 0xe3a00011;                         /* mov r0, #0x11 */
    __asm__ volatile("dsb\n\tmcr p15, 0, %0, c7, c5, 0\n\tisb" :: "r"(0) : "memory");
    uint32_t sum = 0;
    for (int i = 0; i < 20000; i++) sum += (uint32_t)evidx_fn();
    vw(VIRTIO_MMIO_QUEUE_NOTIFY, 0);            /* nothing new: the device only writes avail_event */
    __asm__ volatile("dsb\n\tmcr p15, 0, %0, c7, c5, 0\n\tisb" :: "r"(0) : "memory");
    uint32_t now = *insn;
    int ran = evidx_fn();
    puts_uart("avail_event over code: after a request "); puthex(written);
    puts_uart(", stored back 0xe3a00011 (x"); putdec(sum / 0x11);
    puts_uart("), after an empty kick memory "); puthex(now);
    puts_uart(", ran "); puthex((uint32_t)ran);
    puts_uart(ready == 1 && first && written == 0xe3a00001 && now == 0xe3a00001 && ran == 1 ? " -> ok\n" : " -> FAIL\n");
    up = &used_ring;
    blk_start(QSIZE);
}

int main(void)
{
    puts_uart("hostile: start\n");
    if (vr(VIRTIO_MMIO_MAGIC_VALUE) != 0x74726976 || vr(VIRTIO_MMIO_VERSION) != 2 || vr(VIRTIO_MMIO_DEVICE_ID) != 2) {
        puts_uart("FAIL no modern virtio-blk at 0x0a000000\n");
        return 0;
    }
    vw(VIRTIO_MMIO_QUEUE_SEL, 0);
    puts_uart("virtio-blk: QueueNumMax="); putdec(vr(VIRTIO_MMIO_QUEUE_NUM_MAX));
    int ready = blk_start(QSIZE);
    uint64_t cap = capacity();
    puts_uart(" capacity="); putdec((uint32_t)cap);
    puts_uart(ready == 1 && sector0_reads_back() ? " sector 0 OK\n" : " sector 0 FAILED\n");

    case_desc_loop();
    case_chain_longer_than_queue();
    case_next_beyond_table();
    case_head_beyond_table();
    case_data_at("data outside RAM (0x50000000)", 0x50000000u, SECTOR);
    case_data_at("data into the transport's own registers (0x0a000000)", VIRTIO_BASE, SECTOR);
    case_header_in_mmio();
    case_data_at("data running off the end of RAM", RAM_END - 256, SECTOR);
    case_data_at("data wrapping past 2^32 (0xffffff00 + 0x200)", 0xffffff00u, SECTOR);
    case_data_at("data wrapping past 2^64 (0xffffffffffffff00 + 0x200)", 0xffffffffffffff00ull, SECTOR);
    case_huge_length();
    case_indirect();
    case_readable_after_writable();
    case_avail_jump("avail.idx 17 ahead of the device", QSIZE + 1);
    case_avail_jump("avail.idx 0x8000 ahead of the device", 0x8000);
    case_queue_setup("QueueNum 0", 0, (uint32_t)desc);
    case_queue_setup("QueueNum 3 (not a power of two)", 3, (uint32_t)desc);
    case_queue_setup("QueueNum 512 (above QueueNumMax)", 512, (uint32_t)desc);
    case_queue_setup("descriptor table in the GIC (0x08000000)", QSIZE, GICD_BASE);
    case_bad_request("read at the sector after the end", VIRTIO_BLK_T_IN, cap, SECTOR, VIRTIO_BLK_S_IOERR);
    case_bad_request("read across the end", VIRTIO_BLK_T_IN, cap - 1, 2 * SECTOR, VIRTIO_BLK_S_IOERR);
    case_bad_request("write at sector 2^64-1", VIRTIO_BLK_T_OUT, ~0ull, SECTOR, VIRTIO_BLK_S_IOERR);
    case_bad_request("unknown request type 0x7777", 0x7777, 0, SECTOR, VIRTIO_BLK_S_UNSUPP);
    case_status_only_readable();

    probe_fault("unaligned UART", UART_BASE + 0x1a, 0);
    probe_fault("unaligned RAM", 0x40000001u, 0);
    probe_fault("RAM hole", RAM_END + 0x1000, 0);
    probe_fault("RAM hole", 0x50000000u, 1);
    probe_fault("empty virtio slot", VIRTIO_BASE + 0x200, 0);
    probe_fault("empty virtio slot", VIRTIO_BASE + 0x3e00, 1);
    fuzz_window("GIC distributor", GICD_BASE, 0x1000, 0, 0, 0);
    fuzz_window("GIC CPU interface", GICC_BASE, 0x2000, 0, 0, 0);
    /* UARTDR is left out: it is the console these lines go to; every line written exercises it */
    fuzz_window("PL011", UART_BASE, 0x1000, 0, 4, uart_settle);
    fuzz_window("PL031", RTC_BASE, 0x1000, 0, 0, 0);
    fuzz_window("PL061", GPIO_BASE, 0x1000, 0, 0, 0);
    fuzz_window("virtio-mmio", VIRTIO_BASE, 0x200, 0, 0, 0);
    puts_uart("after the random writes: undefined instructions "); putdec(undefs);
    ready = blk_start(QSIZE);
    puts_uart(ready == 1 && sector0_reads_back() ? "; virtio reset, read OK -> ok\n" : "; virtio reset, read FAILED -> FAIL\n");

    case_dma_into_code();
    case_dma_into_running_page();
    case_avail_event_over_code();

    puts_uart("hostile: done, powering off\n");
    return 0;
}
