/* modality.c - extension tables and WebDataset sample grouping. */
#include "analyse/modality.h"

#include <string.h>

#include "analyse/state_io.h"

#define TEXTLIKE_BIT (1u << DP_MOD_COUNT)

static const char *const mod_names[DP_MOD_COUNT] = {
	"text", "image", "audio", "video", "tabular", "other"
};

struct ext_class {
	const char *ext;
	enum dp_modality mod;
	int textlike;
};

static const struct ext_class exts[] = {
	{ "txt", DP_MOD_TEXT, 1 }, { "text", DP_MOD_TEXT, 1 }, { "md", DP_MOD_TEXT, 0 },
	{ "json", DP_MOD_TEXT, 1 }, { "jsonl", DP_MOD_TEXT, 0 }, { "ndjson", DP_MOD_TEXT, 0 },
	{ "cls", DP_MOD_TEXT, 1 }, { "caption", DP_MOD_TEXT, 1 }, { "xml", DP_MOD_TEXT, 0 },
	{ "html", DP_MOD_TEXT, 0 }, { "htm", DP_MOD_TEXT, 0 }, { "warc", DP_MOD_TEXT, 0 },
	{ "wet", DP_MOD_TEXT, 0 }, { "yaml", DP_MOD_TEXT, 0 }, { "yml", DP_MOD_TEXT, 0 },
	{ "jpg", DP_MOD_IMAGE, 0 }, { "jpeg", DP_MOD_IMAGE, 0 }, { "png", DP_MOD_IMAGE, 0 },
	{ "gif", DP_MOD_IMAGE, 0 }, { "webp", DP_MOD_IMAGE, 0 }, { "bmp", DP_MOD_IMAGE, 0 },
	{ "tif", DP_MOD_IMAGE, 0 }, { "tiff", DP_MOD_IMAGE, 0 }, { "svg", DP_MOD_IMAGE, 0 },
	{ "avif", DP_MOD_IMAGE, 0 }, { "heic", DP_MOD_IMAGE, 0 },
	{ "wav", DP_MOD_AUDIO, 0 }, { "mp3", DP_MOD_AUDIO, 0 }, { "flac", DP_MOD_AUDIO, 0 },
	{ "ogg", DP_MOD_AUDIO, 0 }, { "opus", DP_MOD_AUDIO, 0 }, { "m4a", DP_MOD_AUDIO, 0 },
	{ "aac", DP_MOD_AUDIO, 0 },
	{ "mp4", DP_MOD_VIDEO, 0 }, { "webm", DP_MOD_VIDEO, 0 }, { "mkv", DP_MOD_VIDEO, 0 },
	{ "avi", DP_MOD_VIDEO, 0 }, { "mov", DP_MOD_VIDEO, 0 },
	{ "csv", DP_MOD_TABULAR, 0 }, { "tsv", DP_MOD_TABULAR, 0 },
	{ "parquet", DP_MOD_TABULAR, 0 }, { "arrow", DP_MOD_TABULAR, 0 },
	{ "feather", DP_MOD_TABULAR, 0 }, { "xlsx", DP_MOD_TABULAR, 0 },
	{ "sqlite", DP_MOD_TABULAR, 0 },
};

const char *dp_modality_name(enum dp_modality m)
{
	return (unsigned)m < DP_MOD_COUNT ? mod_names[m] : "other";
}

static int lookup(const char *e, size_t n, int *textlike)
{
	char low[16];
	size_t i;

	if (!e || n == 0 || n >= sizeof(low))
		return -1;
	for (i = 0; i < n; i++)
		low[i] = (e[i] >= 'A' && e[i] <= 'Z') ? (char)(e[i] - 'A' + 'a') : e[i];
	low[n] = '\0';
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		if (!strcmp(exts[i].ext, low)) {
			*textlike = exts[i].textlike;
			return (int)exts[i].mod;
		}
	}
	return -1;
}

enum dp_modality dp_modality_classify(const char *name, const char *format, int *textlike)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	int m = -1;

	*textlike = 0;
	/* Compression suffixes do not hide the real extension: data.jsonl.gz is jsonl. */
	if (dot && dot > name && (lookup(dot + 1, strlen(dot + 1), textlike) < 0)) {
		const char *prev = dot - 1;

		while (prev > name && *prev != '.' && *prev != '/')
			prev--;
		if (*prev == '.')
			m = lookup(prev + 1, (size_t)(dot - prev - 1), textlike);
	}
	if (m < 0 && dot)
		m = lookup(dot + 1, strlen(dot + 1), textlike);
	if (m < 0 && format)
		m = lookup(format, strlen(format), textlike);
	return m < 0 ? DP_MOD_OTHER : (enum dp_modality)m;
}

void dp_modality_init(struct dp_modality_stats *s)
{
	memset(s, 0, sizeof(*s));
}

void dp_modality_flush(struct dp_modality_stats *s)
{
	unsigned m = s->group_mask;

	if (s->group_members >= 2) {
		s->samples++;
		s->image_text += (m & (1u << DP_MOD_IMAGE)) && (m & TEXTLIKE_BIT);
		s->audio_text += (m & (1u << DP_MOD_AUDIO)) && (m & TEXTLIKE_BIT);
	}
	s->group_members = 0;
	s->group_mask = 0;
	s->key_len = 0;
}

/* Sample key: the origin up to the first dot of its last path element. */
static size_t sample_key(const char *origin, size_t *len)
{
	const char *slash = strrchr(origin, '/'), *base = slash ? slash + 1 : origin;
	const char *dot = strchr(base, '.');

	*len = dot ? (size_t)(dot - origin) : strlen(origin);
	return *len;
}

void dp_modality_add(struct dp_modality_stats *s, const struct dp_member *m, uint64_t bytes)
{
	int textlike = 0;
	enum dp_modality mod;
	size_t klen = 0;

	if (m->kind == DP_MEMBER_ARCHIVE || m->kind == DP_MEMBER_SPECIAL)
		return;
	mod = dp_modality_classify(m->name ? m->name : m->origin, m->format, &textlike);
	s->members[mod]++;
	s->bytes[mod] += bytes;
	if (!m->origin || sample_key(m->origin, &klen) >= DP_MODALITY_KEY_MAX)
		return;
	if (klen != s->key_len || memcmp(s->key, m->origin, klen)) {
		dp_modality_flush(s);
		memcpy(s->key, m->origin, klen);
		s->key_len = klen;
	}
	s->group_members++;
	s->group_mask |= (1u << mod) | (textlike ? TEXTLIKE_BIT : 0);
}

void dp_modality_merge(struct dp_modality_stats *into, struct dp_modality_stats *from)
{
	int i;

	dp_modality_flush(into);
	dp_modality_flush(from);
	for (i = 0; i < DP_MOD_COUNT; i++) {
		into->members[i] += from->members[i];
		into->bytes[i] += from->bytes[i];
	}
	into->samples += from->samples;
	into->image_text += from->image_text;
	into->audio_text += from->audio_text;
}

/* Modalities with members, by bytes descending then name. Returns how many. */
static int ordered(const struct dp_modality_stats *s, int *ord)
{
	int n = 0, i, j, t;

	for (i = 0; i < DP_MOD_COUNT; i++)
		if (s->members[i])
			ord[n++] = i;
	for (i = 1; i < n; i++) {
		for (j = i; j > 0; j--) {
			int a = ord[j - 1], b = ord[j];

			if (s->bytes[a] > s->bytes[b] ||
			    (s->bytes[a] == s->bytes[b] && strcmp(mod_names[a], mod_names[b]) < 0))
				break;
			t = ord[j - 1];
			ord[j - 1] = ord[j];
			ord[j] = t;
		}
	}
	return n;
}

static const char *primary(const struct dp_modality_stats *s, const int *ord, int n)
{
	int i;

	if (s->image_text || s->audio_text)
		return s->audio_text > s->image_text ? "audio-text" : "image-text";
	for (i = 0; i < n; i++)
		if (ord[i] != DP_MOD_OTHER)
			return mod_names[ord[i]];
	return n ? "other" : NULL;
}

static void report_counts(const char *key, const uint64_t *v, struct dp_json *out)
{
	int i;

	dp_json_key(out, key);
	dp_json_obj_begin(out);
	for (i = 0; i < DP_MOD_COUNT; i++)
		if (v[i])
			dp_json_kv_u64(out, mod_names[i], v[i]);
	dp_json_obj_end(out);
}

void dp_modality_report(struct dp_modality_stats *s, struct dp_json *out)
{
	int ord[DP_MOD_COUNT], n, i;

	dp_modality_flush(s);
	n = ordered(s, ord);
	dp_json_obj_begin(out);
	dp_json_kv_str(out, "primary", primary(s, ord, n));
	dp_json_key(out, "modalities");
	dp_json_arr_begin(out);
	for (i = 0; i < n; i++)
		dp_json_str(out, mod_names[ord[i]]);
	dp_json_arr_end(out);
	report_counts("members", s->members, out);
	report_counts("bytes", s->bytes, out);
	dp_json_kv_u64(out, "samples", s->samples);
	dp_json_kv_u64(out, "image_text_samples", s->image_text);
	dp_json_kv_u64(out, "audio_text_samples", s->audio_text);
	dp_json_obj_end(out);
}

void dp_modality_save(struct dp_modality_stats *s, struct dp_json *out)
{
	dp_modality_flush(s);
	dp_json_obj_begin(out);
	dp_json_key(out, "members");
	dp_state_save_u64s(out, s->members, DP_MOD_COUNT);
	dp_json_key(out, "bytes");
	dp_state_save_u64s(out, s->bytes, DP_MOD_COUNT);
	dp_json_kv_u64(out, "samples", s->samples);
	dp_json_kv_u64(out, "image_text", s->image_text);
	dp_json_kv_u64(out, "audio_text", s->audio_text);
	dp_json_obj_end(out);
}

int dp_modality_load(struct dp_modality_stats *s, yajl_val v)
{
	struct dp_modality_stats tmp;

	dp_modality_init(&tmp);
	if (dp_state_load_u64s(dp_jt_get(v, "members"), tmp.members, DP_MOD_COUNT) ||
	    dp_state_load_u64s(dp_jt_get(v, "bytes"), tmp.bytes, DP_MOD_COUNT) ||
	    dp_state_u64(v, "samples", &tmp.samples) ||
	    dp_state_u64(v, "image_text", &tmp.image_text) ||
	    dp_state_u64(v, "audio_text", &tmp.audio_text))
		return -1;
	dp_modality_merge(s, &tmp);
	return 0;
}
