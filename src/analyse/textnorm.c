/* textnorm.c - NFKC + case fold + white-space collapse, with an ASCII fast path. */
#include "analyse/textnorm.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/error.h"
#include "core/escape.h"
#include "core/swar.h"
#include "core/utf8.h"

#define NORM_OPTS (UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | \
		   UTF8PROC_CASEFOLD | UTF8PROC_IGNORE)
#define FLUSH_BYTES ((size_t)64 << 10)

/* Where the last ASCII white space ended: a safe point to restart from. */
struct boundary {
	size_t in, out;
	int any_out;
};

static int ascii_space(unsigned char c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0d);
}

int dp_textnorm_is_space(uint32_t cp)
{
	if (cp < 0x80)
		return ascii_space((unsigned char)cp);
	return cp == 0x85 || cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

void dp_textnorm_init(struct dp_textnorm *tn)
{
	memset(tn, 0, sizeof(*tn));
}

void dp_textnorm_release(struct dp_textnorm *tn)
{
	free(tn->cp);
	free(tn->san);
	free(tn->out);
	memset(tn, 0, sizeof(*tn));
}

/* Make room for `extra` more output bytes. 0, or -1 when out of memory. */
static int out_reserve(struct dp_textnorm *tn, size_t extra)
{
	size_t need = tn->out_len + extra, cap;
	char *p;

	if (need <= tn->out_cap)
		return 0;
	cap = tn->out_cap ? tn->out_cap : 256;
	while (cap < need)
		cap *= 2;
	p = realloc(tn->out, cap);
	if (!p)
		return -1;
	tn->out = p;
	tn->out_cap = cap;
	return 0;
}

/* Grow a scratch array to hold `need` elements of `size` bytes. */
static int scratch_reserve(void **p, size_t *cap, size_t need, size_t size)
{
	void *q;

	if (need <= *cap)
		return 0;
	q = realloc(*p, need * size);
	if (!q)
		return -1;
	*p = q;
	*cap = need;
	return 0;
}

/* Decompose + compose one segment into tn->cp. Returns the code point count or -1. */
static long long segment_codepoints(struct dp_textnorm *tn, const char *s, size_t n)
{
	utf8proc_ssize_t k;

	if (!dp_utf8_valid(s, n)) {
		if (scratch_reserve((void **)&tn->san, &tn->san_cap, 3 * n + 1, 1))
			return -1;
		n = dp_utf8_sanitize(s, n, tn->san, tn->san_cap);
		s = tn->san;
	}
	for (;;) {
		k = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
				       tn->cp, (utf8proc_ssize_t)tn->cp_cap, NORM_OPTS);
		if (k < 0)
			return -1;
		if ((size_t)k <= tn->cp_cap)
			break;
		if (scratch_reserve((void **)&tn->cp, &tn->cp_cap, (size_t)k, sizeof(int32_t)))
			return -1;
	}
	return utf8proc_normalize_utf32(tn->cp, k, NORM_OPTS);
}

/* Spaces are written eagerly (one per run, never first) and a trailing one is dropped at
 * the end; the buffer never flushes its last byte when it is a space, so that works. */
static int last_is_space(const struct dp_textnorm *tn)
{
	return tn->out_len > 0 && tn->out[tn->out_len - 1] == ' ';
}

/* The slow path: normalise [s, s+n) with utf8proc and append it with collapsing. */
static int slow_segment(struct dp_textnorm *tn, const char *s, size_t n)
{
	long long k = segment_codepoints(tn, s, n);
	long long i;

	tn->slow_segments++;
	if (k < 0 || out_reserve(tn, (size_t)k * 4 + 1))
		return -1;
	for (i = 0; i < k; i++) {
		uint32_t cp = (uint32_t)tn->cp[i];
		if (!dp_textnorm_is_space(cp)) {
			tn->out_len += dp_utf8_encode(cp, tn->out + tn->out_len);
			tn->any_out = 1;
		} else if (tn->any_out && !last_is_space(tn)) {
			tn->out[tn->out_len++] = ' ';
		}
	}
	return 0;
}

/* At a boundary: hand the output before it to emit so the buffer stays small. */
static int maybe_flush(struct dp_textnorm *tn, struct boundary *b, dp_textnorm_emit_fn emit,
		       void *ctx, uint64_t *total)
{
	size_t k = b->out;

	if (b->out < FLUSH_BYTES)
		return 0;
	if (tn->out[k - 1] == ' ')
		k--; /* keep a trailing space: it may be the text's last byte */
	if (emit(ctx, tn->out, k, 0))
		return -1;
	*total += k;
	memmove(tn->out, tn->out + k, tn->out_len - k);
	tn->out_len -= k;
	b->out -= k;
	return 0;
}

/* 1 when every non-ASCII character of [s, s+n) is a Latin-1 letter U+00C0..U+00FF: those
 * are already NFKC, need no composition with ASCII neighbours and case-fold by a fixed
 * rule, so the segment can skip utf8proc (French, German, Spanish... text). */
static int latin1_letters_only(const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < 0x80)
			continue;
		if (s[i] != 0xc3 || i + 1 >= n || s[i + 1] < 0x80 || s[i + 1] > 0xbf)
			return 0;
		i++;
	}
	return 1;
}

/* Append such a segment case-folded: A-Z and U+00C0..U+00DE (not U+00D7) to lower case,
 * U+00DF to "ss". The segment holds no white space. */
static int latin1_segment(struct dp_textnorm *tn, const unsigned char *s, size_t n)
{
	size_t i;

	if (out_reserve(tn, n + 1))
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char c = s[i];
		if (c < 0x80) {
			tn->out[tn->out_len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			continue;
		}
		c = s[++i];
		if (c == 0x9f) { /* U+00DF sharp s: two bytes in, two out */
			memcpy(tn->out + tn->out_len, "ss", 2);
		} else {
			tn->out[tn->out_len] = (char)0xc3;
			tn->out[tn->out_len + 1] = (char)(c <= 0x9e && c != 0x97 ? c + 0x20 : c);
		}
		tn->out_len += 2;
	}
	tn->any_out |= n > 0;
	return 0;
}

/* Rewind to the last boundary and run utf8proc up to the next ASCII white space.
 * Returns the input position to continue from; *failed is set on error. */
static size_t non_ascii(struct dp_textnorm *tn, const char *s, size_t n, size_t i,
			const struct boundary *b, int *failed)
{
	size_t end = i;

	while (end < n && !ascii_space((unsigned char)s[end]))
		end++;
	tn->out_len = b->out;
	tn->any_out = b->any_out;
	if (latin1_letters_only((const unsigned char *)s + b->in, end - b->in))
		*failed = latin1_segment(tn, (const unsigned char *)s + b->in, end - b->in) != 0;
	else
		*failed = slow_segment(tn, s + b->in, end - b->in) != 0;
	return end;
}

#if DP_SWAR_LE
/* Eight ASCII bytes at once when they need no more than lower-casing: no control
 * characters, no run of two spaces, no space right after output that ends in one. The
 * boundary moves past the last space. Returns 1 when the word was taken. */
static int ascii_word(struct dp_textnorm *tn, const char *s, size_t i, struct boundary *b)
{
	uint64_t w, sp, up;
	size_t last;

	memcpy(&w, s + i, 8);
	if (w & DP_SWAR_HIGHS)
		return 0;
	sp = dp_swar_eq(w, ' ');
	if ((sp | dp_swar_lt(w, ' ')) != sp)
		return 0;
	if ((sp & (sp << 8)) || ((sp & 0x80) && (!tn->any_out || last_is_space(tn))))
		return 0;
	if (tn->out_len + 8 > tn->out_cap && out_reserve(tn, 8))
		return 0;
	up = dp_swar_lt(w, 'Z' + 1) & ~dp_swar_lt(w, 'A');
	w |= up >> 2;
	memcpy(tn->out + tn->out_len, &w, 8);
	tn->out_len += 8;
	tn->any_out |= sp != DP_SWAR_HIGHS;
	if (sp) {
		last = (size_t)(63 - __builtin_clzll(sp)) / 8;
		*b = (struct boundary){ i + last + 1, tn->out_len - 7 + last, tn->any_out };
	}
	return 1;
}
#else
static int ascii_word(struct dp_textnorm *tn, const char *s, size_t i, struct boundary *b)
{
	(void)tn, (void)s, (void)i, (void)b;
	return 0;
}
#endif

static int scan_text(struct dp_textnorm *tn, const char *s, size_t n, dp_textnorm_emit_fn emit,
		     void *ctx, uint64_t *total)
{
	struct boundary b = { 0, 0, 0 };
	size_t i = 0;
	int failed = 0;

	while (i < n && !failed) {
		unsigned char c = (unsigned char)s[i];
		if (i + 8 <= n && ascii_word(tn, s, i, &b)) {
			i += 8;
			failed = maybe_flush(tn, &b, emit, ctx, total);
		} else if (c >= 0x80) {
			i = non_ascii(tn, s, n, i, &b, &failed);
		} else if (ascii_space(c)) {
			if (tn->any_out && !last_is_space(tn)) {
				if (out_reserve(tn, 1))
					return -1;
				tn->out[tn->out_len++] = ' ';
			}
			b = (struct boundary){ ++i, tn->out_len, tn->any_out };
			failed = maybe_flush(tn, &b, emit, ctx, total);
		} else {
			if (tn->out_len + 1 > tn->out_cap && out_reserve(tn, 1))
				return -1;
			tn->out[tn->out_len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			tn->any_out = 1;
			i++;
		}
	}
	return failed ? -1 : 0;
}

int dp_textnorm_run(struct dp_textnorm *tn, const char *s, size_t n, dp_textnorm_emit_fn emit,
		    void *ctx, uint64_t *out_len)
{
	uint64_t total = 0;

	tn->out_len = 0;
	tn->any_out = 0;
	if (scan_text(tn, s, n, emit, ctx, &total))
		return DP_FATAL;
	if (last_is_space(tn))
		tn->out_len--;
	if (emit(ctx, tn->out ? tn->out : "", tn->out_len, 1))
		return DP_FATAL;
	if (out_len)
		*out_len = total + tn->out_len;
	return DP_OK;
}

static int emit_buf(void *ctx, const char *p, size_t n, int final)
{
	(void)final;
	return dp_buf_add(ctx, p, n) == DP_OK ? 0 : -1;
}

int dp_textnorm_apply(struct dp_textnorm *tn, const char *s, size_t n, struct dp_buf *out)
{
	return dp_textnorm_run(tn, s, n, emit_buf, out, NULL);
}

/* Append one preview code point; returns the new length. */
static size_t preview_put(uint32_t cp, char *out, size_t len)
{
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		cp = 0xfffd;
	return len + dp_utf8_encode(cp, out + len);
}

size_t dp_textnorm_preview(const char *s, size_t n, size_t max_chars, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len = 0, chars = 0;
	int pending = 0;

	while (i < n && chars < max_chars && len + 8 < cap) {
		uint32_t cp = p[i];
		size_t k;
		if (cp > 0x20 && cp < 0x7f) { /* a run of printable ASCII: the common case */
			size_t run = 1, room = max_chars - chars;
			while (run < room && i + run < n && p[i + run] > 0x20 && p[i + run] < 0x7f &&
			       len + run + 9 < cap)
				run++;
			if (pending)
				out[len++] = ' ';
			pending = 0;
			memcpy(out + len, p + i, run);
			len += run;
			chars += run;
			i += run;
			continue;
		}
		k = cp < 0x80 ? 1 : dp_utf8_decode(p + i, n - i, &cp);
		if (k == 0) {
			cp = 0xfffd;
			k = 1;
		}
		i += k;
		if (dp_textnorm_is_space(cp)) {
			pending = len > 0;
			continue;
		}
		if (pending)
			out[len++] = ' ';
		pending = 0;
		len = preview_put(cp, out, len);
		chars++;
	}
	while (i < n && ascii_space((unsigned char)s[i]))
		i++;
	if (i < n && len + 4 <= cap) {
		memcpy(out + len, "...", 3);
		len += 3;
	}
	if (cap)
		out[len < cap ? len : cap - 1] = '\0';
	return len;
}
