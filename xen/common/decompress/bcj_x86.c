/*
 * bcj_x86.c - the xz "x86" branch/call/jump filter, decoder direction.
 *
 * The encoder rewrote the 32-bit relative operand of E8 (call) and E9 (jmp)
 * opcodes into an absolute one (operand + address of the next instruction),
 * which compresses better.  We undo that in place over a whole block.
 *
 * Only operands whose top byte is 0x00 or 0xFF (a near target, forwards or
 * backwards) are converted.  To avoid converting bytes that merely look like
 * an opcode inside a previous candidate's operand, the filter remembers which
 * of the few bytes just before the current E8/E9 were themselves E8/E9
 * candidates that it did not convert ("recent": bit k set means the byte
 * k+1 positions back was one; bit 4 set marks a candidate whose operand's
 * top byte looked convertible).  Some patterns of recent candidates forbid
 * conversion; others make the filter re-check the rewritten value one byte
 * at a time.  The exact rules below define the format: encoder and decoder
 * must take the same decisions, and they do because each decision depends
 * only on bytes the decoder has already restored.
 */
#include "private.h"

/* Operand top byte of a near target. */
static inline bool near_byte(uint8_t b)
{
    return b == 0x00 || b == 0xff;
}

/* The operand must be re-checked at byte 'recheck_byte[recent >> 1]' (as
 * a shift, see below); patterns marked false forbid conversion. */
static const bool pattern_ok[8] = {
    true, true, true, false, true, false, false, false
};
static const uint8_t recheck_byte[8] = { 0, 1, 2, 2, 3, 3, 3, 3 };

/* Age 'recent' by 'gap' bytes; gap > 5 forgets everything. */
static inline uint32_t age_recent(uint32_t recent, size_t gap)
{
    if (gap > 5)
        return 0;
    while (gap--)
        recent = (recent & 0x77) << 1;
    return recent;
}

/* Turn the absolute operand at op[1..4] back into a relative one;
 * 'here' is the (filter) address just after the instruction. */
static void convert(uint8_t *op, uint32_t here, uint32_t recent)
{
    uint32_t v = get_le32(op + 1), rel;

    for (;;) {
        rel = v - here;
        if (recent == 0)
            break;
        /* i in 1..3 here: recent >> 1 is 1, 2 or 4 (pattern_ok). */
        unsigned int i = recheck_byte[recent >> 1];
        if (!near_byte((uint8_t)(rel >> (24 - i * 8))))
            break;
        v = rel ^ ((1u << (32 - i * 8)) - 1);
    }
    /* Bit 24 of the result decides the sign-extended top byte. */
    op[4] = (rel & (1u << 24)) ? 0xff : 0x00;
    op[3] = (uint8_t)(rel >> 16);
    op[2] = (uint8_t)(rel >> 8);
    op[1] = (uint8_t)rel;
}

void bcj_x86_decode(uint8_t *buf, size_t len, uint32_t start_pos)
{
    uint32_t recent = 0;
    size_t last = 0;            /* position of the previous E8/E9 seen */
    bool seen = false;

    if (len < 5)
        return;
    /* Invariant: i + 5 <= len, so op[0..4] is inside the buffer.  The last
     * four bytes can never start a complete instruction and stay as is. */
    for (size_t i = 0; i + 5 <= len;) {
        uint8_t *op = buf + i;

        if (op[0] != 0xe8 && op[0] != 0xe9) {
            i++;
            continue;
        }
        recent = seen ? age_recent(recent, i - last) : 0;
        last = i;
        seen = true;
        if (near_byte(op[4]) && pattern_ok[(recent >> 1) & 7] &&
            (recent >> 1) < 0x10) {
            convert(op, start_pos + (uint32_t)i + 5, recent);
            i += 5;
            recent = 0;
        } else {
            recent |= 1;
            if (near_byte(op[4]))
                recent |= 0x10;
            i++;
        }
    }
}
