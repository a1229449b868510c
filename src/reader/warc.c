/* warc.c - the warc reader: one record per WARC record holding a document (conversion: the
 * extracted text of a Common Crawl WET file; response: the payload of an HTTP response;
 * resource), streamed block by block. Content-Length decides where a record ends; a record
 * is emitted only once the CRLF CRLF after its block confirms that length (a cut or lying
 * record swallows what follows it: that is read again, looking for the next "WARC/1." line).
 * Records of the other types (warcinfo, request, metadata, revisit, continuation) and
 * payloads that are no text (images) are skipped and counted in a member note.
 */
#include "core/buf.h"
#include "reader/recbuild.h"
#include "reader/reader.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define WARC_HEAD_MAX (64u << 10) /* one record's header (real ones are under 2 KiB) */
#define WARC_MAGIC "WARC/1."
#define WARC_MAGIC_LEN 7

enum warc_state { S_GAP, S_HEAD, S_BODY, S_SKIP, S_SEEK };

/* What a skipped record was, for the member note. */
enum warc_skip { K_WARCINFO, K_REQUEST, K_METADATA, K_REVISIT, K_OTHER, K_BINARY, K_COUNT };

enum warc_pending { P_NONE, P_EMIT, P_SKIP };

struct warc_val { /* a header value: offset and length in head */
	size_t off, len;
};

struct warc_head {
	struct warc_val type, uri, date, ctype, ptype;
	uint64_t length;
};

struct warc {
	const struct dp_reader_ctx *rc;
	struct dp_recbuild b;
	struct dp_buf head;        /* the gap bytes before a header, then the header */
	struct dp_buf body;        /* the current block, when it fits --max-record-bytes */
	struct dp_buf work;        /* bytes read again that are no longer in the fed block */
	struct warc_head h;        /* the current header's values */
	enum warc_state st;
	enum warc_pending pending; /* the record built from the last block, not yet confirmed */
	enum warc_skip pend_kind;
	uint64_t pos;              /* member offset of the block being stepped through */
	uint64_t replay_pos;       /* read again from this member offset ... */
	int replay;                /* ... when set: 1 the block, 2 the block and the gap */
	uint64_t replayed_to;      /* end of the bytes already read twice: not a third time */
	uint64_t rec_no, rec_off;  /* the current record: 1-based number, offset */
	uint64_t body_off, left;   /* the block's offset, bytes of it still to come */
	size_t head_start;         /* where the header begins in head */
	size_t line_off;           /* where its current line begins in head */
	unsigned gap_lf;           /* LF bytes since the last block ended (2 at most) */
	int gap_cut;               /* more gap bytes came than head keeps */
	int keep;                  /* the current record's type is one we read */
	int bol;                   /* seeking: at a line start */
	unsigned seek_match;       /* seeking: bytes of WARC_MAGIC matched */
	uint64_t skipped[K_COUNT];
	uint64_t swallowed;        /* records in bytes read twice by lying lengths: not read */
};

static int warc_bid(const char *name, const unsigned char *head, size_t n)
{
	char ext[16];

	if (n >= 9 && !memcmp(head, WARC_MAGIC, WARC_MAGIC_LEN) && (head[7] == '0' || head[7] == '1') &&
	    (head[8] == '\r' || head[8] == '\n'))
		return 95;
	dp_reader_ext(name, ext, sizeof(ext));
	return !strcmp(ext, "warc") || !strcmp(ext, "wet") ? 90 : 0;
}

static void *warc_open(const struct dp_reader_ctx *rc, struct dp_error *err)
{
	struct warc *w = calloc(1, sizeof(*w));

	if (!w) {
		dp_error_set(err, DP_FATAL, "out of memory");
		return NULL;
	}
	w->rc = rc;
	dp_recbuild_init(&w->b, rc);
	dp_buf_init(&w->head, 2 * WARC_HEAD_MAX);
	dp_buf_init(&w->body, (size_t)rc->cfg->limits.max_record_bytes);
	/* bounded by construction: a block, a gap and the rest of one fed block */
	dp_buf_init(&w->work, 0);
	return w;
}

static void warc_close(void *st)
{
	struct warc *w = st;

	if (!w)
		return;
	dp_recbuild_release(&w->b);
	dp_buf_release(&w->head);
	dp_buf_release(&w->body);
	dp_buf_release(&w->work);
	free(w);
}

static void malformed(struct warc *w, const char *why)
{
	w->rc->stats->malformed++;
	dp_reader_note(w->rc->stats, "WARC record %" PRIu64 " at byte %" PRIu64 ": %s", w->rec_no,
		       w->rec_off, why);
}

static void seek(struct warc *w, int bol)
{
	w->st = S_SEEK;
	w->bol = bol;
	w->seek_match = 0;
}

/* ---- header ---- */

static int name_is(const char *p, size_t n, const char *name)
{
	return strlen(name) == n && !strncasecmp(p, name, n);
}

/* Content-Length = 1*DIGIT: leading zeros are digits like any other (skipped before the
 * 18 significant digits that fit a uint64_t without overflow). */
static int parse_length(const char *p, size_t n, uint64_t *v)
{
	size_t i;

	if (n == 0)
		return -1;
	while (n > 1 && p[0] == '0')
		p++, n--;
	if (n > 18)
		return -1;
	*v = 0;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		*v = *v * 10 + (uint64_t)(p[i] - '0');
	}
	return 0;
}

/* Trim spaces and tabs around [*p, *p + *n). */
static void trim(const char **p, size_t *n)
{
	while (*n && (**p == ' ' || **p == '\t'))
		(*p)++, (*n)--;
	while (*n && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t'))
		(*n)--;
}

/* 1 when [p, p + n) is a field name: an RFC 9110 token. */
static int token(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] <= ' ' || (unsigned char)p[i] >= 127 ||
		    strchr("()<>@,;:\\\"/[]?={}", p[i]))
			return 0;
	return n > 0;
}

/* One "Name: value" line of the header (no line end); NULL or why it is malformed. */
static const char *header_line(struct warc *w, const char *line, size_t n, int *has_len)
{
	const char *colon = memchr(line, ':', n), *v;
	size_t nl, vl;
	struct warc_val val;

	if (line[0] == ' ' || line[0] == '\t')
		return NULL; /* a folded continuation: no field we read is folded */
	if (!colon)
		return "header line without a colon";
	nl = (size_t)(colon - line);
	v = colon + 1;
	vl = n - nl - 1;
	trim(&line, &nl);
	trim(&v, &vl);
	if (!token(line, nl))
		return "header field name is no token";
	val = (struct warc_val){ (size_t)(v - w->head.data), vl };
	if (name_is(line, nl, "Content-Length")) {
		uint64_t len;
		if (parse_length(v, vl, &len))
			return "Content-Length is not a number";
		/* two lengths that disagree leave the record's end unknown */
		if (*has_len && len != w->h.length)
			return "Content-Length given twice with different values";
		*has_len = 1;
		w->h.length = len;
		return NULL;
	}
	if (name_is(line, nl, "WARC-Type"))
		w->h.type = val;
	else if (name_is(line, nl, "WARC-Target-URI"))
		w->h.uri = val;
	else if (name_is(line, nl, "WARC-Date"))
		w->h.date = val;
	else if (name_is(line, nl, "Content-Type"))
		w->h.ctype = val;
	else if (name_is(line, nl, "WARC-Identified-Payload-Type"))
		w->h.ptype = val;
	return NULL;
}

/* The header's fields (after its version line) into w->h; NULL or why it is malformed. */
static const char *parse_header(struct warc *w)
{
	const char *p = w->head.data + w->head_start, *end = w->head.data + w->head.len;
	const char *why = NULL;
	int has_len = 0;

	memset(&w->h, 0, sizeof(w->h));
	p = (const char *)memchr(p, '\n', (size_t)(end - p)) + 1; /* past the version line */
	while (p < end && !why) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)(nl - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (n == 0)
			break;
		why = header_line(w, p, n, &has_len);
		p = nl + 1;
	}
	if (!why && !has_len)
		why = "no Content-Length";
	if (!why && !w->h.type.len)
		why = "no WARC-Type";
	return why;
}

static int val_is(const struct warc *w, struct warc_val v, const char *s)
{
	return name_is(w->head.data + v.off, v.len, s);
}

/* The record types we read; the others say what they were. */
static int type_kept(const struct warc *w, enum warc_skip *kind)
{
	static const char *const names[] = { "warcinfo", "request", "metadata", "revisit" };
	size_t i;

	if (val_is(w, w->h.type, "conversion") || val_is(w, w->h.type, "response") ||
	    val_is(w, w->h.type, "resource"))
		return 1;
	*kind = K_OTHER;
	for (i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (val_is(w, w->h.type, names[i]))
			*kind = (enum warc_skip)i;
	return 0;
}

static int body_end(struct warc *w);

/* The header is complete: on to its block, buffered or skipped. */
static int header_done(struct warc *w, uint64_t body_off)
{
	const char *why = parse_header(w);
	enum warc_skip kind = K_OTHER;

	if (why) {
		malformed(w, why);
		seek(w, 1);
		return DP_OK;
	}
	w->keep = type_kept(w, &kind);
	w->pend_kind = kind;
	w->left = w->h.length;
	w->body_off = body_off;
	dp_buf_reset(&w->body);
	w->st = w->h.length <= w->rc->cfg->limits.max_record_bytes ? S_BODY : S_SKIP;
	if (w->st == S_SKIP && w->keep) {
		w->rc->stats->oversize++;
		dp_reader_note(w->rc->stats, "WARC record %" PRIu64 " at byte %" PRIu64 ": block of %"
			       PRIu64 " bytes over --max-record-bytes, skipped", w->rec_no, w->rec_off,
			       w->h.length);
	} else if (w->st == S_SKIP) {
		w->skipped[kind]++;
	}
	return w->left == 0 ? body_end(w) : DP_OK;
}

static void head_begin(struct warc *w, uint64_t off);

/* A version line (len bytes, ending head) inside a header: no field name holds a '/', so
 * the header was cut short and the record at `off` begins here. The header so far is
 * malformed; the new one starts with this line. */
static void head_restart(struct warc *w, uint64_t off, size_t len)
{
	malformed(w, "header cut short by the version line of another record");
	memmove(w->head.data, w->head.data + w->head.len - len, len);
	w->head.len = 0;
	head_begin(w, off);
	w->head.len = w->line_off = len;
	w->head.data[len] = '\0';
}

/* Header bytes up to a line end: the first line must be a WARC/1.x version line, a blank
 * one ends the header. */
static size_t on_head(struct warc *w, const char *p, size_t n, int *rc)
{
	const char *nl = memchr(p, '\n', n), *line;
	size_t take = nl ? (size_t)(nl - p) + 1 : n, len;
	int first = w->line_off == w->head_start;

	if (w->head.len - w->head_start + take > WARC_HEAD_MAX) {
		malformed(w, "header over 64 KiB");
		seek(w, 0);
		return 0;
	}
	if (dp_buf_add(&w->head, p, take) != DP_OK) {
		*rc = DP_FATAL;
		return 0;
	}
	if (!nl)
		return take;
	line = w->head.data + w->line_off;
	len = w->head.len - w->line_off;
	w->line_off = w->head.len;
	if (!first && len >= WARC_MAGIC_LEN && !memcmp(line, WARC_MAGIC, WARC_MAGIC_LEN)) {
		head_restart(w, w->pos + take - len, len);
		return take;
	}
	if (first && (len < WARC_MAGIC_LEN || memcmp(line, WARC_MAGIC, WARC_MAGIC_LEN))) {
		malformed(w, "no WARC/1.x version line");
		seek(w, 1);
	} else if (!first && (len == 1 || (len == 2 && line[0] == '\r'))) {
		*rc = header_done(w, w->pos + take);
	}
	return take;
}

/* ---- block ---- */

/* 1 when the HTTP header line [l, l + n) is a Content-Type field: its value into *ct (an
 * offset from b). A value folded onto the next line (obsolete, RFC 9112 5.2) is taken
 * from there: `folded` says the line is such a continuation of a Content-Type line. */
static int http_ctype(const char *b, const char *l, size_t n, int folded, struct warc_val *ct)
{
	const char *v = l;
	size_t vl = n;

	if (folded) {
		trim(&v, &vl);
		if (!ct->len)
			*ct = (struct warc_val){ (size_t)(v - b), vl };
		return 1;
	}
	if (n < 13 || strncasecmp(l, "Content-Type:", 13))
		return 0;
	v = l + 13;
	vl = n - 13;
	trim(&v, &vl);
	*ct = (struct warc_val){ (size_t)(v - b), vl };
	return 1;
}

/* The end of the HTTP header block at b[i..n) (n when it has none) and its Content-Type. */
static size_t http_block_end(const char *b, size_t i, size_t n, struct warc_val *ct)
{
	int in_ct = 0;

	while (i < n) {
		const char *nl = memchr(b + i, '\n', n - i);
		size_t e, len;
		if (!nl)
			return n;
		e = (size_t)(nl - b);
		len = e > i && b[e - 1] == '\r' ? e - i - 1 : e - i;
		if (len == 0)
			return e + 1;
		in_ct = http_ctype(b, b + i, len, in_ct && (b[i] == ' ' || b[i] == '\t'), ct);
		i = e + 1;
	}
	return n;
}

/* 1 when the status line at b is an interim response: "HTTP/1.1 100 Continue". */
static int http_interim(const char *b, size_t n)
{
	const char *sp = memchr(b, ' ', n < 16 ? n : 16);
	size_t k = sp ? (size_t)(sp - b) + 1 : n;

	return n >= k + 3 && b[k] == '1' && b[k + 1] >= '0' && b[k + 1] <= '9' &&
	       b[k + 2] >= '0' && b[k + 2] <= '9';
}

/* Where a response record's payload begins: after its HTTP header, and after the header
 * blocks of interim 1xx responses (RFC 9110 15.2) that come before the final one; its
 * Content-Type (offset and length in the block) is the final response's. */
static size_t http_header_end(const char *b, size_t n, struct warc_val *ct)
{
	size_t start = 0, end;

	for (;;) {
		*ct = (struct warc_val){ 0, 0 };
		end = http_block_end(b, start, n, ct);
		if (end >= n || n - end < 5 || memcmp(b + end, "HTTP/", 5) ||
		    !http_interim(b + start, end - start))
			return end;
		start = end;
	}
}

/* The media type of a Content-Type value: up to its parameters. */
static size_t media_type(const char *t, size_t n)
{
	const char *semi = memchr(t, ';', n);

	n = semi ? (size_t)(semi - t) : n;
	while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
		n--;
	return n;
}

/* 1 when a payload of this media type is text (no type at all counts as text). */
static int textual(const char *t, size_t n)
{
	static const char *const marks[] = { "text/", "html", "xml", "json", "javascript", "csv",
		"markdown", "message/", NULL };
	char low[128];
	size_t i, k;

	if (n == 0)
		return 1;
	n = n < sizeof(low) - 1 ? n : sizeof(low) - 1;
	for (i = 0; i < n; i++)
		low[i] = (char)(t[i] >= 'A' && t[i] <= 'Z' ? t[i] + 32 : t[i]);
	low[n] = '\0';
	for (k = 0; marks[k]; k++)
		if (strstr(low, marks[k]))
			return 1;
	return 0;
}

static int add(struct warc *w, const char *name, const char *v, size_t n)
{
	return dp_recbuild_field(&w->b, name, strlen(name), DP_VT_STRING, v, n);
}

/* Fields of the header into the record (a value the header lacks is left out). */
static int add_header_fields(struct warc *w, const char *ct, size_t ctn)
{
	const char *hd = w->head.data, *uri = hd + w->h.uri.off;
	size_t un = w->h.uri.len;
	int rc = add(w, "warc_type", hd + w->h.type.off, w->h.type.len);

	if (un >= 2 && uri[0] == '<' && uri[un - 1] == '>') /* as WARC 1.0 examples wrote it */
		uri++, un -= 2;
	if (rc == DP_OK && un)
		rc = add(w, "url", uri, un);
	if (rc == DP_OK && w->h.date.len)
		rc = add(w, "date", hd + w->h.date.off, w->h.date.len);
	if (rc == DP_OK && ctn)
		rc = add(w, "content_type", ct, ctn);
	return rc;
}

/* A block of a record we read: its document (a response's HTTP payload) becomes the record,
 * emitted once the record's end is confirmed; a payload that is no text is skipped. */
static int build(struct warc *w)
{
	const char *blk = w->body.data ? w->body.data : "", *ct_in = w->head.data, *ct;
	size_t n = w->body.len, off = 0, ctn;
	struct warc_val http_ct = { 0, 0 }, ctv = w->h.ctype;
	int http = val_is(w, w->h.type, "response") && n >= 5 && !memcmp(blk, "HTTP/", 5);

	if (http)
		off = http_header_end(blk, n, &http_ct);
	/* the identified payload type, else the HTTP one, else the WARC header's */
	if (w->h.ptype.len)
		ctv = w->h.ptype;
	else if (http) {
		ctv = http_ct;
		ct_in = blk;
	}
	ct = ct_in + ctv.off;
	ctn = media_type(ct, ctv.len);
	if (!textual(ct, ctn)) {
		w->pending = P_SKIP;
		w->pend_kind = K_BINARY;
		return DP_OK;
	}
	dp_recbuild_begin(&w->b, w->rec_off, 0);
	if (add_header_fields(w, ct, ctn) != DP_OK || add(w, "text", blk + off, n - off) != DP_OK)
		return DP_FATAL;
	w->pending = P_EMIT;
	return DP_OK;
}

static void gap_begin(struct warc *w)
{
	w->st = S_GAP;
	w->gap_lf = 0;
	w->gap_cut = 0;
	dp_buf_reset(&w->head);
	w->head_start = w->line_off = 0;
}

static int body_end(struct warc *w)
{
	int rc = DP_OK;

	w->pending = P_NONE;
	if (w->st == S_BODY && w->keep)
		rc = build(w);
	else if (w->st == S_BODY)
		w->pending = P_SKIP;
	gap_begin(w);
	return rc;
}

static size_t on_body(struct warc *w, const char *p, size_t n, int *rc)
{
	size_t take = n < w->left ? n : (size_t)w->left;

	if (w->st == S_BODY && dp_buf_add(&w->body, p, take) != DP_OK) {
		*rc = DP_FATAL;
		return 0;
	}
	w->left -= take;
	if (!w->left)
		*rc = body_end(w);
	return take;
}

/* ---- between records ---- */

/* The record before the gap ended where its Content-Length said: emit or count it. */
static int confirm(struct warc *w)
{
	enum warc_pending p = w->pending;

	w->pending = P_NONE;
	if (p == P_SKIP) {
		w->skipped[w->pend_kind]++;
		return DP_OK;
	}
	return dp_recbuild_end(&w->b) == DP_FATAL ? DP_FATAL : DP_OK;
}

/* The byte at member offset pos of the block at hand (or of the line ends after it). */
static char held_byte(const struct warc *w, uint64_t pos)
{
	size_t i = (size_t)(pos - w->body_off);

	return i < w->body.len ? w->body.data[i] : w->head.data[i - w->body.len];
}

/* Records whose version line begins in [body_off, end) of the bytes at hand (up to `to`):
 * swallowed by one lying length and, read again, by another, they are not read a third
 * time (that could make it quadratic) but counted as malformed and numbered, so that
 * nested lying lengths lose no record without a count. */
static void count_swallowed(struct warc *w, uint64_t end, uint64_t to)
{
	uint64_t pos, n = 0;
	unsigned k;
	int bol = 1; /* a block begins after the blank line that ends its header */

	for (pos = w->body_off; pos < end; pos++) {
		for (k = 0; bol && pos + WARC_MAGIC_LEN <= to && k < WARC_MAGIC_LEN; k++)
			if (held_byte(w, pos + k) != WARC_MAGIC[k])
				break;
		n += bol && k == WARC_MAGIC_LEN;
		bol = held_byte(w, pos) == '\n';
	}
	w->rc->stats->malformed += n;
	w->rec_no += n;
	w->swallowed += n;
}

/* Read the current block (and the gap after it, `what` 2) again, looking for a "WARC/1."
 * line: a cut record or a wrong length swallowed the records that followed. Bytes are read
 * a second time at most (nested lying lengths would make it quadratic): of a block that
 * began in bytes already read twice, only the part after them is read again (refusing the
 * whole of it lost the records in that part without a count, a third of them when every
 * length lies). Only the bytes still at hand are. */
static void read_again(struct warc *w, int what)
{
	uint64_t from = w->body_off, to = w->body_off + w->body.len + (what == 2 ? w->head.len : 0);

	seek(w, 1);
	if (what == 2 && w->gap_cut)
		return;
	if (from < w->replayed_to) {
		from = w->replayed_to < to ? w->replayed_to : to;
		count_swallowed(w, from, to);
	}
	if (from >= to)
		return;
	if (from > w->body_off)
		w->bol = held_byte(w, from - 1) == '\n';
	w->replay = what;
	w->replay_pos = from;
	w->replayed_to = to;
}

/* No CRLF CRLF after the block: its length was wrong or the record cut short. */
static void lost_boundary(struct warc *w)
{
	malformed(w, "no record end where Content-Length says (a cut record or a wrong length)");
	w->pending = P_NONE;
	read_again(w, 2);
}

static void head_begin(struct warc *w, uint64_t off)
{
	w->st = S_HEAD;
	w->rec_no++;
	w->rec_off = off;
	w->head_start = w->line_off = w->head.len;
}

/* CR and LF bytes after a block (CRLF CRLF ends a record), up to the next header. */
static size_t on_gap(struct warc *w, const char *p, size_t n, int *rc)
{
	size_t i = 0;

	while (i < n && (p[i] == '\r' || p[i] == '\n')) {
		if (p[i] == '\n' && w->gap_lf < 2)
			w->gap_lf++;
		i++;
	}
	/* kept for a read-again; a longer run of line ends is not */
	if (w->pending && i && w->head.len + i > WARC_HEAD_MAX)
		w->gap_cut = 1;
	else if (w->pending && i && dp_buf_add(&w->head, p, i) != DP_OK)
		*rc = DP_FATAL;
	if (i == n || *rc == DP_FATAL)
		return i;
	if (w->pending && w->gap_lf < 2) {
		lost_boundary(w);
		return i;
	}
	if (w->pending)
		*rc = confirm(w);
	head_begin(w, w->pos + i);
	return i;
}

/* Looking for a line that starts with "WARC/1.": there the next record begins. */
static size_t on_seek(struct warc *w, const char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		if (!w->bol && !w->seek_match) {
			const char *nl = memchr(p + i, '\n', n - i);
			if (!nl)
				return n;
			i = (size_t)(nl - p) + 1;
			w->bol = 1;
		} else if (p[i] == WARC_MAGIC[w->seek_match]) {
			i++;
			if (++w->seek_match == WARC_MAGIC_LEN) {
				gap_begin(w);
				head_begin(w, w->pos + i - WARC_MAGIC_LEN);
				return dp_buf_add(&w->head, WARC_MAGIC, WARC_MAGIC_LEN) == DP_OK ? i : 0;
			}
		} else {
			w->seek_match = 0;
			w->bol = p[i++] == '\n';
		}
	}
	return n;
}

static size_t step(struct warc *w, const char *p, size_t n, int *rc)
{
	switch (w->st) {
	case S_GAP:
		return on_gap(w, p, n, rc);
	case S_HEAD:
		return on_head(w, p, n, rc);
	case S_BODY:
	case S_SKIP:
		return on_body(w, p, n, rc);
	default:
		return on_seek(w, p, n);
	}
}

/* The bytes to read again: in the block at hand (from base, at member offset base_pos), or
 * gathered into work from the record's block, its gap and the rest of the fed block. */
static int rewind_to(struct warc *w, const char **base, uint64_t *base_pos, const char **p,
		     size_t *n)
{
	uint64_t skip;
	struct dp_buf *k = &w->work;
	int what = w->replay;

	w->replay = 0;
	if (w->replay_pos >= *base_pos) {
		skip = w->replay_pos - *base_pos;
		*n += (size_t)((uint64_t)(*p - *base) - skip);
		*p = *base + skip;
		w->pos = w->replay_pos;
		return DP_OK;
	}
	if (k->len && *p >= k->data && *p <= k->data + k->len)
		return DP_OK; /* cannot be (work starts before any record found in it): go on */
	dp_buf_reset(k);
	skip = w->replay_pos - w->body_off; /* the bytes of the block read twice already */
	if (skip < w->body.len && dp_buf_add(k, w->body.data + skip, w->body.len - skip) != DP_OK)
		return DP_FATAL;
	skip = skip > w->body.len ? skip - w->body.len : 0;
	if (what == 2 && skip < w->head.len &&
	    dp_buf_add(k, w->head.data + skip, w->head.len - skip) != DP_OK)
		return DP_FATAL;
	if (*n && dp_buf_add(k, *p, *n) != DP_OK) /* *p is never in work: it starts after */
		return DP_FATAL;
	*base = *p = k->data;
	*n = k->len;
	*base_pos = w->pos = w->replay_pos;
	return DP_OK;
}

/* Step through a fed block; a read-again rewinds. */
static int run(struct warc *w, const char *p, size_t n)
{
	const char *base = p;
	uint64_t base_pos = w->pos;
	size_t used;
	int rc = DP_OK;

	for (;;) {
		if (w->replay && rewind_to(w, &base, &base_pos, &p, &n) != DP_OK)
			return DP_FATAL;
		if (n == 0)
			return DP_OK;
		used = step(w, p, n, &rc);
		if (rc == DP_FATAL)
			return rc;
		w->pos += used;
		p += used;
		n -= used;
	}
}

static int warc_feed(void *st, const char *data, size_t n, struct dp_error *err)
{
	(void)err;
	return run(st, data, n);
}

/* The data ended: a record still open was cut short. */
static int at_end(struct warc *w)
{
	enum warc_state st = w->st;

	w->st = S_SEEK;
	if (st == S_GAP)
		return w->pending ? confirm(w) : DP_OK;
	if (st == S_HEAD)
		malformed(w, "header cut off by the end of the data");
	if (st == S_BODY || st == S_SKIP)
		malformed(w, "block cut off by the end of the data");
	if (st == S_BODY && w->body.len) /* it may hold the records that followed */
		read_again(w, 1);
	return DP_OK;
}

static void skip_note(struct warc *w)
{
	static const char *const names[K_COUNT] = { "warcinfo", "request", "metadata", "revisit",
		"other", "with a payload that is no text" };
	char buf[150];
	size_t o = 0, k;

	/* from K_REQUEST: every WARC file opens with its warcinfo record, no news */
	for (k = K_REQUEST; k < K_COUNT && o < sizeof(buf); k++)
		if (w->skipped[k])
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%" PRIu64 " %s",
					      o ? ", " : "", w->skipped[k], names[k]);
	if (o)
		dp_reader_note(w->rc->stats, "WARC records skipped: %s", buf);
}

static int warc_finish(void *st, struct dp_error *err)
{
	struct warc *w = st;

	(void)err;
	for (;;) {
		if (at_end(w) == DP_FATAL)
			return DP_FATAL;
		if (!w->replay)
			break;
		if (run(w, NULL, 0) == DP_FATAL)
			return DP_FATAL;
	}
	if (w->swallowed)
		dp_reader_note(w->rc->stats, "WARC records swallowed by lying lengths nested in one "
			       "another, counted as malformed, not read: %" PRIu64, w->swallowed);
	skip_note(w);
	return DP_OK;
}

const struct dp_reader_type dp_reader_warc = {
	"warc", warc_bid, warc_open, warc_feed, warc_finish, warc_close
};
