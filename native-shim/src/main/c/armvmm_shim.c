/*
 * armvmm native shim: what JNA cannot do safely on the KVM exit path.
 *
 * Kicking a vCPU out of KVM_RUN needs a signal whose handler is installed without SA_RESTART (so the
 * ioctl returns EINTR instead of being restarted) and the kvm_run.immediate_exit flag (so a kick that
 * lands just before the thread enters KVM_RUN is not lost: KVM returns EINTR at once while the flag
 * is set). Installing a C signal handler and calling pthread_kill on a pthread_t is not something JNA
 * callbacks can do: a Java callback in signal context is not async-signal-safe.
 *
 * The signal stays unblocked in vCPU threads (as QEMU does when it has KVM_CAP_IMMEDIATE_EXIT), so a kick
 * that lands while the thread runs device code can interrupt a blocking system call there with EINTR; the
 * JDK's I/O restarts on EINTR, and native code called from device models must do the same.
 *
 * Protocol (the Java side is armvmm.kvm.KvmVcpu):
 *   kicker:  set the request in Java, then armvmm_kick(): immediate_exit = 1, then pthread_kill.
 *   vCPU:    on EINTR clear immediate_exit, full fence, then read the requests.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <linux/kvm.h>

#define ARMVMM_KICK_SIGNAL SIGUSR1

static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static int install_error;

/* Does nothing: its only job is to exist, so the signal interrupts KVM_RUN instead of killing the process. */
static void kick_handler(int sig, siginfo_t *info, void *ucontext)
{
    (void)sig; (void)info; (void)ucontext;
}

static void install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = kick_handler;
    sa.sa_flags = SA_SIGINFO; /* deliberately no SA_RESTART */
    sigemptyset(&sa.sa_mask);
    if (sigaction(ARMVMM_KICK_SIGNAL, &sa, NULL) != 0)
        install_error = errno;
}

/* Installs the kick handler once per process. Returns 0 or an errno value. */
int armvmm_shim_init(void)
{
    pthread_once(&install_once, install);
    return install_error;
}

/* The kick signal's number, for messages. */
int armvmm_kick_signal(void)
{
    return ARMVMM_KICK_SIGNAL;
}

/* The calling thread's pthread_t, which a vCPU thread publishes so that others can kick it. */
uint64_t armvmm_thread_self(void)
{
    return (uint64_t)pthread_self();
}

/* offsetof(struct kvm_run, immediate_exit), so the Java side can check the layout it was built for. */
int armvmm_immediate_exit_offset(void)
{
    return (int)offsetof(struct kvm_run, immediate_exit);
}

/*
 * Makes the vCPU thread `thread`, which runs `run`, leave KVM_RUN now or refuse to enter it next time.
 * The caller guarantees that the thread is alive. Returns 0 or an errno value from pthread_kill.
 */
int armvmm_kick(uint64_t thread, struct kvm_run *run)
{
    __atomic_store_n(&run->immediate_exit, 1, __ATOMIC_SEQ_CST);
    return pthread_kill((pthread_t)thread, ARMVMM_KICK_SIGNAL);
}
