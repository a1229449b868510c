/* hits.c - the detections of one scan and the questions scanners ask of them. */
#include "license/scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "license/mapping.h"
#include "license/spdx_expr.h"

uint32_t dp_lic_line_of(const char *text, size_t off, size_t *cache_off, uint32_t *cache_line)
{
	size_t i;

	if (off < *cache_off) {
		*cache_off = 0;
		*cache_line = 1;
	}
	for (i = *cache_off; i < off; i++)
		*cache_line += text[i] == '\n';
	*cache_off = off;
	return *cache_line;
}

void dp_lic_add_hit(struct hits *h, const char *spdx, const char *kind, double conf,
		    uint32_t a, uint32_t b)
{
	size_t i;

	for (i = 0; i < h->n; i++) /* one hit per license and line */
		if (h->v[i].a <= b && a <= h->v[i].b && strcmp(h->v[i].spdx, spdx) == 0)
			return;
	if (h->n == MAX_HITS)
		return;
	memset(&h->v[h->n], 0, sizeof(h->v[0]));
	snprintf(h->v[h->n].spdx, SPDX_MAX, "%s", spdx);
	h->v[h->n].kind = kind;
	h->v[h->n].conf = (double)(int)(conf * 100.0 + 0.5) / 100.0;
	h->v[h->n].a = a;
	h->v[h->n].b = b;
	h->n++;
}

int dp_lic_inside_text(const struct hits *h, uint32_t ln)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (!strcmp(h->v[i].kind, "text") && ln >= h->v[i].a && ln <= h->v[i].b)
			return 1;
	return 0;
}

/* Is line ln in one of the stretches of hit x that its license does not explain? */
static int in_gap(const struct hit *x, uint32_t ln)
{
	uint32_t g;

	for (g = 0; g < x->n_gaps; g++)
		if (ln >= x->gaps[g][0] && ln <= x->gaps[g][1])
			return 1;
	return 0;
}

int dp_lic_covered_line(const struct hits *h, uint32_t ln, const char *id)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		int text = h->v[i].kind[0] == 't' && h->v[i].kind[1] == 'e';
		uint32_t tail = text && (!id || dp_lic_same_family(id, h->v[i].spdx)) ?
					APPENDIX_LINES : 0;
		if (strcmp(h->v[i].kind, "reference") != 0 && ln >= h->v[i].a &&
		    ln <= h->v[i].b + tail && !in_gap(&h->v[i], ln))
			return 1;
	}
	return 0;
}

int dp_lic_text_of_family(const struct hits *h, const char *id)
{
	size_t i, n = dp_lic_family_len(id);

	for (i = 0; i < h->n; i++)
		if (!strcmp(h->v[i].kind, "text") && dp_lic_family_len(h->v[i].spdx) == n &&
		    !strncmp(h->v[i].spdx, id, n))
			return 1;
	return 0;
}

int dp_lic_unversioned_dup(const struct hits *h, const char *id, const char *name, size_t n)
{
	size_t i, fl = dp_lic_family_len(id);

	for (i = 0; i < n; i++)
		if (name[i] >= '0' && name[i] <= '9')
			return 0;
	for (i = 0; i < h->n; i++)
		if (dp_lic_family_len(h->v[i].spdx) == fl && !strncmp(h->v[i].spdx, id, fl))
			return 1;
	return 0;
}

int dp_lic_in_text_gap(const struct hits *h, uint32_t ln)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (!strcmp(h->v[i].kind, "text") && in_gap(&h->v[i], ln))
			return 1;
	return 0;
}

int dp_lic_name_plain(const char *text, size_t s, size_t e, int kept)
{
	size_t k;

	for (k = s; k < e && kept; k++)
		kept = !(text[k] >= '0' && text[k] <= '9');
	return kept;
}

void dp_lic_mark_plain(struct hits *h, size_t n0, const char *text, size_t s, size_t e,
		       int kept)
{
	if (h->n > n0)
		h->v[h->n - 1].plain = dp_lic_name_plain(text, s, e, kept);
}

int dp_lic_hit_of_family(const struct hits *h, const char *id)
{
	size_t i, fl;

	if (!dp_lic_unversioned_gnu(id))
		return 0;
	fl = (size_t)(strchr(id, '-') - id) + 1; /* "GPL-" */
	for (i = 0; i < h->n; i++)
		if (!strncmp(h->v[i].spdx, id, fl))
			return 1;
	return 0;
}

int dp_lic_field_on_line(const struct hits *h, uint32_t line)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->v[i].a == line && h->v[i].conf > FIELD_CONF - 0.001 &&
		    h->v[i].conf < FIELD_CONF + 0.001 && !strcmp(h->v[i].kind, "reference"))
			return 1;
	return 0;
}

int dp_lic_has_hit(const struct hits *h, const char *spdx, const char *kind)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if ((!spdx || !strcmp(h->v[i].spdx, spdx)) &&
		    (!kind || !strcmp(h->v[i].kind, kind)))
			return 1;
	return 0;
}

int dp_lic_has_spdx(const struct hits *h, const char *spdx)
{
	return dp_lic_has_hit(h, spdx, NULL);
}

void dp_lic_add_mention(struct hits *h, const char *id, uint32_t line)
{
	if (!dp_lic_has_spdx(h, id) && !dp_lic_covered_line(h, line, id) &&
	    !dp_lic_text_of_family(h, id))
		dp_lic_add_hit(h, id, "reference", MENTION_CONF, line, line);
}

int dp_lic_has_license_text(const struct dp_license_corpus *c, const struct hits *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		uint32_t li;
		if (strcmp(h->v[i].kind, "text") != 0)
			continue;
		li = dp_lic_find(c, h->v[i].spdx);
		if (li == DP_LIC_NONE || !(c->lics[li].flags & DP_LIC_EXCEPTION))
			return 1;
	}
	return 0;
}

int dp_lic_exception_text(const struct hits *h, const char *id)
{
	size_t i, n = strcspn(id, "-");

	for (i = 0; i < h->n; i++)
		if (!strcmp(h->v[i].kind, "text") && strcspn(h->v[i].spdx, "-") == n &&
		    !strncmp(h->v[i].spdx, id, n))
			return 1;
	return 0;
}
