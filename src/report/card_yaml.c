/* card_yaml.c - DATACARD.md's YAML header with Hub-accepted values only. */
#include "report/card_yaml.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/json.h"
#include "report/view.h"

/* License ids the Hub accepts (its documented list; facts, not prose). */
static const char *const hub_ids[] = {
	"apache-2.0", "mit", "openrail", "bigscience-openrail-m", "creativeml-openrail-m",
	"bigscience-bloom-rail-1.0", "bigcode-openrail-m", "afl-3.0", "artistic-2.0", "bsl-1.0",
	"bsd", "bsd-2-clause", "bsd-3-clause", "bsd-3-clause-clear", "c-uda", "cc", "cc0-1.0",
	"cc-by-2.0", "cc-by-2.5", "cc-by-3.0", "cc-by-4.0", "cc-by-sa-3.0", "cc-by-sa-4.0",
	"cc-by-nc-2.0", "cc-by-nc-3.0", "cc-by-nc-4.0", "cc-by-nd-4.0", "cc-by-nc-nd-3.0",
	"cc-by-nc-nd-4.0", "cc-by-nc-sa-2.0", "cc-by-nc-sa-3.0", "cc-by-nc-sa-4.0",
	"cdla-sharing-1.0", "cdla-permissive-1.0", "cdla-permissive-2.0", "wtfpl", "ecl-2.0",
	"epl-1.0", "epl-2.0", "etalab-2.0", "eupl-1.1", "eupl-1.2", "agpl-3.0", "gfdl", "gpl",
	"gpl-2.0", "gpl-3.0", "lgpl", "lgpl-2.1", "lgpl-3.0", "isc", "h-research",
	"intel-research", "lppl-1.3c", "ms-pl", "apple-ascl", "apple-amlr", "mpl-2.0", "odc-by",
	"odbl", "openrail++", "osl-3.0", "postgresql", "ofl-1.1", "ncsa", "unlicense", "zlib",
	"pddl", "lgpl-lr", "deepfloyd-if-license", "llama2", "llama3", "llama3.1", "llama3.2",
	"llama3.3", "gemma", "unknown", "other", NULL
};

/* SPDX (or our LicenseRef-) ids whose Hub id is not their lowercase form. */
static const char *const spdx_to_hub[][2] = {
	{ "ODC-By-1.0", "odc-by" }, { "ODbL-1.0", "odbl" }, { "PDDL-1.0", "pddl" },
	{ "GPL-2.0-only", "gpl-2.0" }, { "GPL-2.0-or-later", "gpl-2.0" },
	{ "GPL-3.0-only", "gpl-3.0" }, { "GPL-3.0-or-later", "gpl-3.0" },
	{ "LGPL-2.1-only", "lgpl-2.1" }, { "LGPL-2.1-or-later", "lgpl-2.1" },
	{ "LGPL-3.0-only", "lgpl-3.0" }, { "LGPL-3.0-or-later", "lgpl-3.0" },
	{ "AGPL-3.0-only", "agpl-3.0" }, { "AGPL-3.0-or-later", "agpl-3.0" },
	{ "GFDL-1.3-only", "gfdl" }, { "GFDL-1.3-or-later", "gfdl" }, { "OFL-1.1", "ofl-1.1" },
	{ "LicenseRef-OpenRAIL", "openrail" }, { "LicenseRef-OpenRAIL++", "openrail++" },
	{ "LicenseRef-BigScience-OpenRAIL-M", "bigscience-openrail-m" },
	{ "LicenseRef-CreativeML-OpenRAIL-M", "creativeml-openrail-m" },
	{ "LicenseRef-BigScience-BLOOM-RAIL-1.0", "bigscience-bloom-rail-1.0" },
	{ "LicenseRef-BigCode-OpenRAIL-M", "bigcode-openrail-m" },
	{ "LicenseRef-Llama-2-Community", "llama2" }, { "LicenseRef-Llama-3-Community", "llama3" },
	{ "LicenseRef-Llama-3.1-Community", "llama3.1" },
	{ "LicenseRef-Llama-3.2-Community", "llama3.2" },
	{ "LicenseRef-Llama-3.3-Community", "llama3.3" },
};

const char *dp_card_hub_license(const char *spdx)
{
	size_t i;

	if (!spdx)
		return NULL;
	for (i = 0; i < sizeof(spdx_to_hub) / sizeof(spdx_to_hub[0]); i++)
		if (!strcasecmp(spdx_to_hub[i][0], spdx))
			return spdx_to_hub[i][1];
	for (i = 0; hub_ids[i]; i++)
		if (!strcasecmp(hub_ids[i], spdx) && strcmp(hub_ids[i], "other") &&
		    strcmp(hub_ids[i], "unknown"))
			return hub_ids[i];
	return NULL;
}

const char *dp_card_size_category(uint64_t n)
{
	static const char *const b[] = { "n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M",
		"1M<n<10M", "10M<n<100M", "100M<n<1B", "1B<n<10B", "10B<n<100B", "100B<n<1T",
		"n>1T" };
	uint64_t lim = 1000;
	size_t i;

	for (i = 0; i < 10; i++, lim *= 10)
		if (n < lim)
			return b[i];
	return b[10];
}

static int plain_ok(const char *s)
{
	static const char *const words[] = { "true", "false", "null", "yes", "no", "on", "off",
		"y", "n", "~", NULL };
	size_t i;

	if (!s[0] || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	for (i = 0; s[i]; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+<>/-",
			    s[i]))
			return 0;
	for (i = 0; words[i]; i++)
		if (!strcasecmp(s, words[i]))
			return 0;
	return 1;
}

void dp_card_yaml_scalar(char *out, size_t cap, const char *s)
{
	size_t n = 0;

	if (cap == 0)
		return;
	if (plain_ok(s)) {
		snprintf(out, cap, "%s", s);
		return;
	}
	out[n++] = '"';
	for (; *s && n + 8 < cap; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\') {
			out[n++] = '\\';
			out[n++] = (char)ch;
		} else if (ch < 0x20 || ch == 0x7f) {
			n += (size_t)snprintf(out + n, cap - n, "\\x%02x", ch);
		} else {
			out[n++] = (char)ch;
		}
	}
	out[n++] = '"';
	out[n] = '\0';
}

static void kv(FILE *f, const char *key, const char *value)
{
	char buf[1024];

	dp_card_yaml_scalar(buf, sizeof(buf), value);
	fprintf(f, "%s: %s\n", key, buf);
}

static void item(FILE *f, const char *indent, const char *value)
{
	char buf[1024];

	dp_card_yaml_scalar(buf, sizeof(buf), value);
	fprintf(f, "%s- %s\n", indent, buf);
}

static void slugify(const char *s, char *slug, size_t cap)
{
	size_t i, n = 0;

	for (i = 0; s[i] && n + 1 < cap; i++) {
		char ch = s[i];
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch + 32);
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.'))
			ch = '-';
		if (!(ch == '-' && (n == 0 || slug[n - 1] == '-')))
			slug[n++] = ch;
	}
	while (n && slug[n - 1] == '-')
		n--;
	slug[n] = '\0';
}

/* The first root license file, relative to the dataset root, as a last-resort link. */
static const char *license_file_link(yajl_val r)
{
	yajl_val lf = dp_jt_get(r, "declared.license_files");
	const char *p, *slash;

	if (!dp_view_len(lf) || !YAJL_IS_STRING(lf->u.array.values[0]))
		return NULL;
	p = lf->u.array.values[0]->u.string;
	slash = strrchr(p, '/');
	return strstr(p, "!/") ? NULL : slash ? slash + 1 : p;
}

/* `other` with a lowercase license_name slug and a link: the declared license_link, the
 * SPDX page of a listed id, else the root license file. Nothing when no link is known. */
static void license_other(FILE *f, yajl_val r, const char *spdx, const char *fallback)
{
	const char *name = dp_view_declared_str(r, "license_name");
	const char *link = dp_view_declared_str(r, "license_link");
	char slug[256], url[320];

	slugify(name ? name : spdx ? spdx : fallback ? fallback : "", slug, sizeof(slug));
	if (!link && spdx && strncmp(spdx, "LicenseRef-", 11) && !strchr(spdx, ' ')) {
		snprintf(url, sizeof(url), "https://spdx.org/licenses/%s.html", spdx);
		link = url;
	}
	if (!link)
		link = license_file_link(r);
	if (!link || !slug[0])
		return;
	fputs("license: other\n", f);
	kv(f, "license_name", slug);
	kv(f, "license_link", link);
}

/* 1 when v is a Hub license id other than other/unknown. */
static int hub_id(const char *v)
{
	size_t i;

	for (i = 0; v && hub_ids[i]; i++)
		if (!strcmp(hub_ids[i], v) && strcmp(v, "other") && strcmp(v, "unknown"))
			return 1;
	return 0;
}

/* A declared value that is itself a Hub id (other than other/unknown) is kept as written. */
static const char *declared_hub_id(yajl_val r)
{
	const char *v = dp_view_declared_str(r, "license");

	return hub_id(v) ? v : NULL;
}

/* The Hub takes a list of license ids (a dataset under several licenses): a declared list
 * whose every value is a Hub id is kept as that list. 1 when written. */
static int declared_hub_list(FILE *f, yajl_val r)
{
	yajl_val v = dp_view_declared(r, "license");
	size_t i;

	if (!dp_view_len(v))
		return 0;
	for (i = 0; i < v->u.array.len; i++)
		if (!YAJL_IS_STRING(v->u.array.values[i]) || !hub_id(v->u.array.values[i]->u.string))
			return 0;
	fputs("license:\n", f);
	for (i = 0; i < v->u.array.len; i++)
		item(f, "", v->u.array.values[i]->u.string);
	return 1;
}

static void license(FILE *f, yajl_val r)
{
	const char *spdx = dp_view_declared_spdx(r), *declared = dp_view_declared_str(r, "license");
	yajl_val sum = dp_jt_get(r, "licenses.summary");
	const char *hub = declared_hub_id(r);

	if (declared_hub_list(f, r))
		return;
	if (hub) {
		kv(f, "license", hub);
		return;
	}
	if (declared && (!strcmp(declared, "other") || !spdx)) {
		license_other(f, r, spdx, strcmp(declared, "other") ? declared : NULL);
		return;
	}
	if (!spdx && !declared && dp_view_len(sum) == 1)
		spdx = dp_jt_str(sum->u.array.values[0], "spdx", NULL);
	if (!spdx)
		return;   /* nothing usable declared, or several licenses found: the body explains */
	hub = dp_card_hub_license(spdx);
	if (hub)
		kv(f, "license", hub);
	else
		license_other(f, r, spdx, NULL);
}

static int iso639(const char *s, char *out)
{
	size_t n = 0;

	while (s[n] && s[n] != '-' && s[n] != '_' && n < 4)
		n++;
	if (n < 2 || n > 3 || (s[n] && s[n] != '-' && s[n] != '_'))
		return 0;
	memcpy(out, s, n);
	out[n] = '\0';
	for (n = 0; out[n]; n++) {
		if (out[n] >= 'A' && out[n] <= 'Z')
			out[n] = (char)(out[n] + 32);
		if (out[n] < 'a' || out[n] > 'z')
			return 0;
	}
	return strcmp(out, "un") && strcmp(out, "und") && strcmp(out, "xx") &&
	       strcmp(out, "zxx");
}

/* Valid codes of a declared list (declared = 1) or of the measured languages above 1%;
 * printed under "language:" when f is not NULL. Returns how many. */
static size_t language_codes(FILE *f, yajl_val r, int declared)
{
	yajl_val d = dp_view_declared(r, "language"), m = dp_jt_get(r, "scope.languages.languages");
	yajl_val list = declared ? d : m;
	char code[8], seen[32][8];
	size_t i, n = 0, k, total = declared && YAJL_IS_STRING(d) ? 1 : dp_view_len(list);

	for (i = 0; i < total && n < 32; i++) {
		yajl_val x = YAJL_IS_STRING(list) ? list : list->u.array.values[i];
		const char *s = declared ? (YAJL_IS_STRING(x) ? x->u.string : "") : dp_jt_str(x, "code", "");
		if ((!declared && dp_jt_double(x, "share", 0) < 0.01) || !iso639(s, code))
			continue;
		for (k = 0; k < n && strcmp(seen[k], code); k++)
			;
		if (k < n)
			continue;
		memcpy(seen[n++], code, sizeof(code));
		if (f && n == 1)
			fputs("language:\n", f);
		if (f)
			item(f, "", code);
	}
	return n;
}

static void languages(FILE *f, yajl_val r)
{
	/* declared codes win; when none of them is a valid code, the measured ones are used */
	language_codes(f, r, language_codes(NULL, r, 1) > 0);
}

static void task_categories(FILE *f, yajl_val r)
{
	yajl_val d = dp_view_declared(r, "task_categories");
	size_t i, n = YAJL_IS_STRING(d) ? 1 : dp_view_len(d), shown = 0;

	for (i = 0; i < n; i++) {
		yajl_val x = YAJL_IS_STRING(d) ? d : d->u.array.values[i];
		if (!YAJL_IS_STRING(x) || !x->u.string[0])
			continue;
		if (shown++ == 0)
			fputs("task_categories:\n", f);
		item(f, "", x->u.string);
	}
}

/* ---- configs and dataset_info from the measured splits ---- */

static int split_name_ok(const char *s)
{
	size_t i;

	if (!s[0] || s[0] == '.')
		return 0;
	for (i = 0; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || (s[i] == '.' && s[i + 1] &&
								     s[i + 1] != '.')))
			return 0;
	return 1;
}

/* Length of the directory prefix shared by every input path (up to and with a '/'). */
static size_t common_root(yajl_val r)
{
	yajl_val in = dp_jt_get(r, "inputs");
	const char *first = dp_view_len(in) ? dp_jt_str(in->u.array.values[0], "path", "") : "";
	size_t i, n = strlen(first), k;

	for (i = 1; i < dp_view_len(in); i++) {
		const char *p = dp_jt_str(in->u.array.values[i], "path", "");
		for (k = 0; k < n && p[k] == first[k]; k++)
			;
		n = k;
	}
	while (n && first[n - 1] != '/')
		n--;
	return n;
}

/* 1 when input i has a member of `split`. */
static int input_has_split(yajl_val m, const struct dp_member_index *mi, size_t i,
			   const char *split)
{
	size_t k;

	for (k = mi->start[i]; k < mi->start[i + 1]; k++)
		if (!strcmp(dp_jt_str(m->u.array.values[mi->idx[k]], "split", ""), split))
			return 1;
	return 0;
}

/* The inputs of a split, as a mask over inputs; returns how many (0 when out of memory). */
static size_t split_mask(yajl_val r, const struct dp_member_index *mi, const char *split,
			 size_t root, unsigned char *mask)
{
	yajl_val m = dp_jt_get(r, "members"), in = dp_jt_get(r, "inputs");
	size_t i, n = 0;

	for (i = 0; i < mi->n_inputs && mi->start; i++) {
		mask[i] = strlen(dp_jt_str(in->u.array.values[i], "path", "")) > root &&
			  input_has_split(m, mi, i, split);
		n += mask[i];
	}
	return n;
}

/* 1 when path p (relative to the root) is in directory dir[0..dlen) and ends with ext. */
static int fits(const char *p, const char *dir, size_t dlen, const char *ext)
{
	const char *slash = strrchr(p, '/'), *dot = strrchr(slash ? slash : p, '.');
	size_t dl = slash ? (size_t)(slash - p) + 1 : 0;

	return dl == dlen && !strncmp(p, dir, dl) && dot && !strcmp(dot, ext);
}

/* For a long list, the pattern DIR/(star).EXT when every file of the split has that shape and no
 * other input does. 1 when `glob` was filled. */
static int split_glob(yajl_val in, const unsigned char *mask, size_t n, size_t root,
		      char *glob, size_t cap)
{
	const char *first = NULL, *slash, *ext;
	size_t i, dlen;

	for (i = 0; i < n && !first; i++)
		if (mask[i])
			first = dp_jt_str(in->u.array.values[i], "path", "") + root;
	if (!first)
		return 0;
	slash = strrchr(first, '/');
	if (!(ext = strrchr(slash ? slash : first, '.')))
		return 0;
	dlen = slash ? (size_t)(slash - first) + 1 : 0;
	for (i = 0; i < n; i++) {
		const char *p = dp_jt_str(in->u.array.values[i], "path", "");
		if (strlen(p) < root || (int)mask[i] != fits(p + root, first, dlen, ext))
			return 0;   /* a file of the split differs, or another input fits */
	}
	snprintf(glob, cap, "%.*s*%s", (int)dlen, first, ext);
	return 1;
}

/* Input paths holding members of `split`, relative to the root, as list items. */
static void split_files(FILE *f, yajl_val r, const unsigned char *mask, size_t count,
			size_t root)
{
	yajl_val in = dp_jt_get(r, "inputs");
	size_t i, n = dp_view_len(in);
	char glob[1024];

	if (count > 50 && split_glob(in, mask, n, root, glob, sizeof(glob))) {
		item(f, "    ", glob);
		return;
	}
	for (i = 0; i < n; i++)
		if (mask[i])
			item(f, "    ", dp_jt_str(in->u.array.values[i], "path", "") + root);
}

static size_t usable_splits(yajl_val by)
{
	size_t i, n = 0;

	for (i = 0; YAJL_IS_OBJECT(by) && i < by->u.object.len; i++)
		n += split_name_ok(by->u.object.keys[i]);
	return n;
}

/* A data_files path: one string, or a list of strings (written as a list). */
static void declared_paths(FILE *f, yajl_val p)
{
	size_t i;

	if (YAJL_IS_STRING(p)) {
		kv(f, "    path", p->u.string);
		return;
	}
	fputs("    path:\n", f);
	for (i = 0; i < dp_view_len(p); i++)
		if (YAJL_IS_STRING(p->u.array.values[i]))
			item(f, "    ", p->u.array.values[i]->u.string);
}

/* 1 when a declared config has the Hub's shape: a config_name and data_files, either one
 * path pattern or a list of entries, each a split name and a path (a string or a list of
 * strings). */
static int declared_config_ok(yajl_val c)
{
	yajl_val df = dp_jt_get(c, "data_files");
	size_t i;

	if (!YAJL_IS_STRING(dp_jt_get(c, "config_name")))
		return 0;
	if (YAJL_IS_STRING(df))
		return df->u.string[0] != '\0'; /* one path pattern: a train split */
	if (!dp_view_len(df))
		return 0;
	for (i = 0; i < dp_view_len(df); i++) {
		yajl_val e = df->u.array.values[i], p = dp_jt_get(e, "path");
		if (!YAJL_IS_STRING(dp_jt_get(e, "split")) ||
		    !(YAJL_IS_STRING(p) || (YAJL_IS_ARRAY(p) && dp_view_len(p))))
			return 0;
	}
	return 1;
}

/* The README's configs, when every one has the Hub's shape; their number (0: none usable). */
static size_t usable_declared_configs(yajl_val r)
{
	yajl_val cs = dp_jt_get(r, "declared.items.configs.value");
	size_t i;

	for (i = 0; i < dp_view_len(cs); i++)
		if (!declared_config_ok(cs->u.array.values[i]))
			return 0;
	return dp_view_len(cs);
}

/* The README's own configs, kept when no split was measured (file names such as
 * part-a.jsonl name none) or when it declares several (en, fr: one measured "default"
 * config would merge them), so the draft card does not drop how the publisher mapped
 * files to configs and splits. Only when usable_declared_configs() found some. */
static void declared_configs(FILE *f, yajl_val r)
{
	yajl_val cs = dp_jt_get(r, "declared.items.configs.value");
	size_t i, k;

	for (i = 0; i < dp_view_len(cs); i++) {
		yajl_val c = cs->u.array.values[i], df = dp_jt_get(c, "data_files");
		if (i == 0)
			fputs("configs:\n", f);
		kv(f, "- config_name", dp_jt_str(c, "config_name", ""));
		if (YAJL_IS_STRING(df)) {
			kv(f, "  data_files", df->u.string);
			continue;
		}
		fputs("  data_files:\n", f);
		for (k = 0; k < dp_view_len(df); k++) {
			kv(f, "  - split", dp_jt_str(df->u.array.values[k], "split", ""));
			declared_paths(f, dp_jt_get(df->u.array.values[k], "path"));
		}
	}
}

/* `declared`: usable_declared_configs(r). */
static void configs(FILE *f, yajl_val r, size_t declared)
{
	yajl_val by = dp_jt_get(r, "records.by_split");
	size_t i, n, root = common_root(r), shown = 0;
	struct dp_member_index mi;
	unsigned char *mask;
	char buf[512];

	if (declared > 1) {
		declared_configs(f, r);
		return;
	}
	if (dp_view_member_index(r, &mi) != 0)
		return;   /* out of memory: no configs rather than a wrong one */
	mask = calloc(mi.n_inputs + 1, 1);
	for (i = 0; mask && YAJL_IS_OBJECT(by) && i < by->u.object.len; i++) {
		const char *split = by->u.object.keys[i];
		if (!split_name_ok(split) || !(n = split_mask(r, &mi, split, root, mask)))
			continue;
		if (shown++ == 0)
			fputs("configs:\n- config_name: default\n  data_files:\n", f);
		dp_card_yaml_scalar(buf, sizeof(buf), split);
		fprintf(f, "  - split: %s\n    path:\n", buf);
		split_files(f, r, mask, n, root);
	}
	free(mask);
	dp_view_member_index_free(&mi);
	if (!shown && declared)
		declared_configs(f, r);
}

static const char *feature_dtype(const char *t)
{
	if (!strcmp(t, "string"))
		return "string";
	if (!strcmp(t, "number"))
		return "float64";
	if (!strcmp(t, "integer"))
		return "int64";
	if (!strcmp(t, "bool") || !strcmp(t, "boolean"))
		return "bool";
	return NULL;
}

static void features(FILE *f, yajl_val r)
{
	yajl_val fl = dp_jt_get(r, "scope.schema.fields");
	size_t i, shown = 0;

	for (i = 0; i < dp_view_len(fl); i++) {
		yajl_val x = fl->u.array.values[i];
		const char *p = dp_jt_str(x, "path", ""), *t = feature_dtype(dp_jt_str(x, "type", ""));
		char buf[512];
		if (!t || !p[0] || strchr(p, '.'))
			continue;
		if (shown++ == 0)
			fputs("  features:\n", f);
		dp_card_yaml_scalar(buf, sizeof(buf), p);
		fprintf(f, "  - name: %s\n    dtype: %s\n", buf, t);
	}
}

static void dataset_info(FILE *f, yajl_val r, size_t declared)
{
	yajl_val by = dp_jt_get(r, "records.by_split");
	size_t i;
	char buf[512];

	/* several declared configs: the measured splits add them up, a "default" config's
	 * sizes would be wrong (the card's body has the measured numbers) */
	if (!usable_splits(by) || declared > 1)
		return;
	fputs("dataset_info:\n  config_name: default\n", f);
	features(f, r);
	fputs("  splits:\n", f);
	for (i = 0; i < by->u.object.len; i++) {
		if (!split_name_ok(by->u.object.keys[i]))
			continue;
		dp_card_yaml_scalar(buf, sizeof(buf), by->u.object.keys[i]);
		fprintf(f, "  - name: %s\n    num_examples: %llu\n", buf,
			(unsigned long long)dp_jt_u64(by->u.object.values[i], "records", 0));
	}
}

void dp_card_yaml_write(FILE *f, yajl_val r)
{
	char name[256];
	size_t declared = usable_declared_configs(r);

	fputs("---\n", f);
	kv(f, "pretty_name", dp_view_name(r, name, sizeof(name)));
	license(f, r);
	languages(f, r);
	fprintf(f, "size_categories:\n- %s\n",
		dp_card_size_category(dp_jt_u64(r, "records.total", 0)));
	task_categories(f, r);
	configs(f, r, declared);
	dataset_info(f, r, declared);
	fputs("---\n", f);
}
