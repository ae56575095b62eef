/*
 * Differential-test harness, run under qemu-arm (Linux user mode) as the oracle for the TCG CPU.
 *
 * Reads test cases from stdin, one after another; for each: loads the integer, flag and VFP/NEON state,
 * fills the 4 KiB data block, copies the instruction sequence to the code area and runs it (ARM or
 * Thumb), then catches the final state through a return stub appended after the sequence and writes it
 * to stdout. The layout is fixed (harness.ld) so that the Java side can place the same data at the same
 * addresses. Generated sequences never write SP or PC and only access the data block.
 *
 * Input record (little-endian words): magic 'DIFF', flags (bit 0: Thumb), code length L,
 *   r0-r12, r14, APSR, FPSCR, d0-d31 (64 words), data block (4096 bytes), code (L rounded up to 4).
 * Output record: magic 'RSLT', r0-r12, r14, APSR, FPSCR, d0-d31, data block; or, when the sequence
 * raised a signal (SIGILL for an UNDEFINED encoding, SIGSEGV/SIGBUS for an abort), magic 'FALT' with
 * the signal number in place of r0 and the rest of the record as it stands.
 */
        .syntax unified
        .arch armv7-a
        .fpu neon-vfpv4
        .arm

        .equ CODE,      0x00200000
        .equ DATA,      0x00300000
        .equ DATA_SIZE, 4096
        .equ TEST_SP,   0x00480000
        .equ STATE_WORDS, 80

        .section .text
        .global _start
_start:
        ldr     sp, =stack_top
        mov     r4, #4                  @ SIGILL
        bl      catch
        mov     r4, #7                  @ SIGBUS
        bl      catch
        mov     r4, #8                  @ SIGFPE
        bl      catch
        mov     r4, #11                 @ SIGSEGV
        bl      catch
next_case:
        ldr     r1, =hdr
        mov     r2, #12
        bl      read_full
        cmp     r0, #0
        beq     done
        ldr     r1, =state_in
        mov     r2, #(STATE_WORDS * 4)
        bl      read_full
        ldr     r1, =DATA
        mov     r2, #DATA_SIZE
        bl      read_full
        ldr     r4, =hdr
        ldr     r5, [r4, #8]            @ L
        ldr     r1, =CODE
        add     r2, r5, #3
        bic     r2, r2, #3
        bl      read_full

        ldr     r6, =CODE
        add     r7, r6, r5              @ end of the sequence
        ldr     r0, [r4, #4]
        tst     r0, #1
        bne     1f
        ldr     r0, =0xe51ff004         @ ARM: ldr pc, [pc, #-4]
        str     r0, [r7]
        ldr     r0, =save_state
        str     r0, [r7, #4]
        add     r8, r7, #8
        mov     r9, r6                  @ entry in ARM state
        b       2f
1:      tst     r7, #2
        ldrne   r0, =0xbf00             @ Thumb NOP to word-align the stub
        strhne  r0, [r7], #2
        ldr     r0, =0xf8df             @ Thumb: ldr.w pc, [pc, #0]
        strh    r0, [r7]
        ldr     r0, =0xf000
        strh    r0, [r7, #2]
        ldr     r0, =save_state         @ bit 0 clear: back to ARM state
        str     r0, [r7, #4]
        add     r8, r7, #8
        orr     r9, r6, #1              @ entry in Thumb state
2:
        /* cacheflush(CODE, end, 0) so the new code is fetched */
        mov     r0, r6
        mov     r1, r8
        mov     r2, #0
        ldr     r7, =0x0f0002
        svc     #0

        ldr     r0, =TEST_SP
        str     r9, [r0, #-4]           @ the entry address, fetched through SP below
        ldr     r0, =state_in
        ldr     r1, [r0, #60]
        vmsr    fpscr, r1
        add     r2, r0, #64
        vldmia  r2!, {d0-d15}
        vldmia  r2, {d16-d31}
        ldr     r1, [r0, #56]
        msr     APSR_nzcvqg, r1
        mov     sp, r0
        ldmia   sp, {r0-r12, lr}
        ldr     sp, =TEST_SP
        ldr     pc, [sp, #-4]

save_state:
        ldr     sp, =state_out + 56
        stmdb   sp, {r0-r12, lr}
        mrs     r0, APSR
        str     r0, [sp]
        vmrs    r0, fpscr
        str     r0, [sp, #4]
        add     r0, sp, #8
        vstmia  r0!, {d0-d15}
        vstmia  r0, {d16-d31}
        ldr     sp, =stack_top
        ldr     r1, =out_magic
        mov     r2, #(4 + STATE_WORDS * 4)
        bl      write_full
        ldr     r1, =DATA
        mov     r2, #DATA_SIZE
        bl      write_full
        b       next_case

/* rt_sigaction(r4, {on_signal, SA_SIGINFO | SA_NODEFER}, NULL, 8) */
catch:
        push    {r4, r7, lr}
        mov     r0, r4
        ldr     r1, =sigact
        mov     r2, #0
        mov     r3, #8
        mov     r7, #174                @ rt_sigaction
        svc     #0
        cmp     r0, #0
        bne     fail
        pop     {r4, r7, pc}

/* A signal from the sequence: report it and go on with the next case (never returns; SA_NODEFER). */
on_signal:
        .arm
        ldr     sp, =stack_top
        ldr     r1, =state_out
        str     r0, [r1]
        ldr     r1, =out_magic
        ldr     r2, =0x544c4146         @ 'FALT'
        str     r2, [r1]
        mov     r2, #(4 + STATE_WORDS * 4)
        bl      write_full
        ldr     r1, =DATA
        mov     r2, #DATA_SIZE
        bl      write_full
        ldr     r1, =out_magic
        ldr     r2, =0x544c5352         @ 'RSLT'
        str     r2, [r1]
        b       next_case

done:
        mov     r0, #0
        mov     r7, #1                  @ exit
        svc     #0

/* read_full(r1 = buffer, r2 = length): r0 = bytes read (0 only at end of input) */
read_full:
        push    {r4-r7, lr}
        mov     r4, r1
        mov     r5, r2
        mov     r6, #0
3:      cmp     r6, r5
        bge     4f
        mov     r0, #0
        add     r1, r4, r6
        sub     r2, r5, r6
        mov     r7, #3                  @ read
        svc     #0
        cmp     r0, #0
        ble     5f
        add     r6, r6, r0
        b       3b
5:      cmp     r6, #0                  @ end of input in the middle of a record is an error
        bne     fail
4:      mov     r0, r6
        pop     {r4-r7, pc}

/* write_full(r1 = buffer, r2 = length) */
write_full:
        push    {r4-r7, lr}
        mov     r4, r1
        mov     r5, r2
        mov     r6, #0
6:      cmp     r6, r5
        bge     7f
        mov     r0, #1
        add     r1, r4, r6
        sub     r2, r5, r6
        mov     r7, #4                  @ write
        svc     #0
        cmp     r0, #0
        ble     fail
        add     r6, r6, r0
        b       6b
7:      pop     {r4-r7, pc}

fail:
        mov     r0, #2
        mov     r7, #1
        svc     #0
        .ltorg

        .section .bss
        .balign 8
hdr:    .space  12
        .balign 8
state_in:
        .space  STATE_WORDS * 4
        .balign 8
        .space  8192
stack_top:

        .section .data
        .balign 4
sigact: .word   on_signal
        .word   0x40000004              @ SA_NODEFER | SA_SIGINFO
        .word   0
        .word   0, 0                    @ empty mask
        .balign 8
        .space  4
out_magic:
        .ascii  "RSLT"
state_out:
        .space  STATE_WORDS * 4

        /* Fixed areas shared with the Java side of the differential test (see harness.ld). */
        .section .codearea, "awx", %nobits
        .space  0x10000
        .section .dataarea, "aw", %nobits
        .space  DATA_SIZE
        .section .sparea, "aw", %nobits
        .space  0x1000
