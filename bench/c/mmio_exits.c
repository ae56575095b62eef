/*
 * The C twin of armvmm.bench.KvmMmioExitBenchmark: the same real-mode guest loop on /dev/kvm
 * (mov [0x8000], al; jmp back, with RAM at [0, 0x8000) and nothing mapped at 0x8000), each store a
 * KVM_EXIT_MMIO handled by a loop that only counts. This is the limit a VMM's exit path can reach here.
 *
 * Usage: mmio_exits [seconds]
 * prints "c <exits per wall-clock second> <exits per CPU second of the process>"; the second figure does not
 * depend on how much of a loaded host the process gets.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define RAM_SIZE 0x8000
#define CODE 0x1000
#define MMIO 0x8000

static void die(const char *what)
{
    fprintf(stderr, "mmio_exits: %s: %s\n", what, strerror(errno));
    exit(1);
}

static double clock_seconds(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double now(void) { return clock_seconds(CLOCK_MONOTONIC); }

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 5.0;
    static const uint8_t loop[] = { 0xA2, 0x00, 0x80, 0xEB, 0xFB }; /* mov [0x8000], al; jmp -5 */

    int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm < 0) die("open /dev/kvm");
    int vm = ioctl(kvm, KVM_CREATE_VM, 0);
    if (vm < 0) die("KVM_CREATE_VM");
    uint8_t *ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ram == MAP_FAILED) die("mmap RAM");
    memcpy(ram + CODE, loop, sizeof loop);
    struct kvm_userspace_memory_region region = { .slot = 0, .guest_phys_addr = 0, .memory_size = RAM_SIZE,
                                                  .userspace_addr = (uintptr_t)ram };
    if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0) die("KVM_SET_USER_MEMORY_REGION");
    int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
    if (vcpu < 0) die("KVM_CREATE_VCPU");
    int size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (size < 0) die("KVM_GET_VCPU_MMAP_SIZE");
    struct kvm_run *run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
    if (run == MAP_FAILED) die("mmap kvm_run");

    struct kvm_sregs sregs;
    if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0) die("KVM_GET_SREGS");
    struct kvm_segment *segs[] = { &sregs.cs, &sregs.ds, &sregs.es, &sregs.fs, &sregs.gs, &sregs.ss };
    for (unsigned i = 0; i < sizeof segs / sizeof segs[0]; i++) { segs[i]->base = 0; segs[i]->selector = 0; }
    if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0) die("KVM_SET_SREGS");
    struct kvm_regs regs = { .rip = CODE, .rflags = 2 };
    if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0) die("KVM_SET_REGS");

    volatile uint64_t sink = 0;
    uint64_t exits = 0;
    double start = 0, end = 0, cpu_start = 0;
    const uint64_t warmup = 20000;
    for (;;) {
        if (ioctl(vcpu, KVM_RUN, 0) < 0) die("KVM_RUN");
        if (run->exit_reason != KVM_EXIT_MMIO || !run->mmio.is_write || run->mmio.phys_addr != MMIO) {
            fprintf(stderr, "mmio_exits: unexpected exit %u\n", run->exit_reason);
            return 1;
        }
        sink += run->mmio.data[0];
        exits++;
        if (exits == warmup) {
            start = now();
            cpu_start = clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
        }
        if (exits > warmup && (exits & 1023) == 0 && (end = now()) - start >= seconds) break;
    }
    double cpu = clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
    printf("c %.0f %.0f\n", (exits - warmup) / (end - start), (exits - warmup) / cpu);
    return 0;
}
