/* parquet_meta.c - the Parquet footer (FileMetaData, Thrift compact) into columns and chunks. */
#include "reader/parquet_meta.h"

#include <stdlib.h>
#include <string.h>

#include "reader/bytes.h"
#include "reader/thrift.h"

enum { REP_REQUIRED = 0, REP_OPTIONAL = 1, REP_REPEATED = 2 };
enum { CT_UTF8 = 0, CT_MAP = 1, CT_MAP_KEY_VALUE = 2, CT_LIST = 3, CT_ENUM = 4, CT_JSON = 19 };
enum { LT_STRING = 1, LT_MAP = 2, LT_LIST = 3, LT_ENUM = 4, LT_INTEGER = 10, LT_JSON = 12 };
enum { CT_UINT_8 = 11, CT_UINT_64 = 14, CT_DECIMAL = 5, LT_DECIMAL = 5 };
#define MAX_SCALE 30 /* a DECIMAL scale kept (an int64 has 19 digits; more is a lie) */

/* One SchemaElement as read (names point into the file). */
struct elem {
	const uint8_t *name;
	size_t name_len;
	int type, repetition, converted, logical;
	int unsigned_int;          /* INTEGER logical type with isSigned false */
	int32_t type_length, nchildren, scale;
};

const char *dp_pq_codec_name(int codec)
{
	static const char *const names[] = { "uncompressed", "snappy", "gzip", "lzo", "brotli",
					     "lz4", "zstd", "lz4_raw" };

	return codec >= 0 && codec < (int)(sizeof(names) / sizeof(*names)) ? names[codec]
									    : "unknown";
}

/* IntType { 1: bitWidth, 2: isSigned }: 1 when it says unsigned. */
static int unsigned_int_type(struct dp_thrift *t)
{
	int16_t id;
	int type, is_unsigned = 0;

	dp_thrift_struct_begin(t);
	while (dp_thrift_field(t, &id, &type)) {
		if (id == 2 && (type == DP_THRIFT_TRUE || type == DP_THRIFT_FALSE))
			is_unsigned = type == DP_THRIFT_FALSE;
		else
			dp_thrift_skip(t, type);
	}
	dp_thrift_struct_end(t);
	return is_unsigned;
}

/* The LogicalType union: which member is set (its field id), 0 when none; an unsigned
 * INTEGER sets e->unsigned_int. */
static int logical_type(struct dp_thrift *t, struct elem *e)
{
	int16_t id;
	int type, which = 0;

	dp_thrift_struct_begin(t);
	while (dp_thrift_field(t, &id, &type)) {
		which = id;
		if (id == LT_INTEGER && type == DP_THRIFT_STRUCT)
			e->unsigned_int = unsigned_int_type(t);
		else
			dp_thrift_skip(t, type);
	}
	dp_thrift_struct_end(t);
	return which;
}

static void schema_element(struct dp_thrift *t, struct elem *e)
{
	int16_t id;
	int type;

	memset(e, 0, sizeof(*e));
	e->type = e->repetition = e->converted = -1;
	dp_thrift_struct_begin(t);
	while (dp_thrift_field(t, &id, &type)) {
		if (id == 1 && type == DP_THRIFT_I32)
			e->type = (int)dp_thrift_int(t, type);
		else if (id == 2 && type == DP_THRIFT_I32)
			e->type_length = (int32_t)dp_thrift_int(t, type);
		else if (id == 3 && type == DP_THRIFT_I32)
			e->repetition = (int)dp_thrift_int(t, type);
		else if (id == 4 && type == DP_THRIFT_BINARY)
			e->name = dp_thrift_binary(t, &e->name_len);
		else if (id == 5 && type == DP_THRIFT_I32)
			e->nchildren = (int32_t)dp_thrift_int(t, type);
		else if (id == 6 && type == DP_THRIFT_I32)
			e->converted = (int)dp_thrift_int(t, type);
		else if (id == 7 && type == DP_THRIFT_I32)
			e->scale = (int32_t)dp_thrift_int(t, type);
		else if (id == 10 && type == DP_THRIFT_STRUCT)
			e->logical = logical_type(t, e);
		else
			dp_thrift_skip(t, type);
	}
	dp_thrift_struct_end(t);
}

static int is_string(const struct elem *e)
{
	if (e->type != DP_PQ_BYTE_ARRAY)
		return 0;
	return e->converted == CT_UTF8 || e->converted == CT_ENUM || e->converted == CT_JSON ||
	       e->logical == LT_STRING || e->logical == LT_ENUM || e->logical == LT_JSON;
}

static int is_list_or_map(const struct elem *e)
{
	return e->converted == CT_LIST || e->converted == CT_MAP ||
	       e->converted == CT_MAP_KEY_VALUE || e->logical == LT_LIST || e->logical == LT_MAP;
}

/* A group being walked: children left, its path length, its levels, and whether its names
 * are wrapper levels a JSON path leaves out (a list's repeated group and lone element). */
struct frame {
	int32_t left;
	size_t path_len;
	int def, rep;
	int listmap;   /* this group is a LIST/MAP: its repeated child is a wrapper */
	int wrapper;   /* this group is such a wrapper: a lone child is the element */
	int32_t nchildren;
};

static int add_column(struct dp_pq_meta *m, const struct elem *e, const char *path,
		      size_t plen, int def, int rep)
{
	struct dp_pq_column *c;

	if (m->ncols >= DP_PQ_MAX_COLUMNS)
		return DP_WARN;
	c = &m->cols[m->ncols];
	if (!(c->path = malloc(plen + 1)))
		return DP_FATAL;
	memcpy(c->path, path, plen);
	c->path[plen] = '\0';
	c->path_len = strlen(c->path); /* a name may hold a NUL: the path ends there */
	c->type = e->type;
	c->type_length = e->type_length;
	c->is_string = is_string(e);
	c->is_unsigned = (e->type == DP_PQ_INT32 || e->type == DP_PQ_INT64) &&
			 (e->unsigned_int || (e->converted >= CT_UINT_8 && e->converted <= CT_UINT_64));
	if ((e->type == DP_PQ_INT32 || e->type == DP_PQ_INT64) && e->scale > 0 &&
	    e->scale <= MAX_SCALE && (e->converted == CT_DECIMAL || e->logical == LT_DECIMAL))
		c->scale = e->scale;
	c->optional = e->repetition == REP_OPTIONAL;
	c->max_def = def;
	c->max_rep = rep;
	m->ncols++;
	return DP_OK;
}

/* The path of element e under frame f into path (returns the new length). */
static size_t child_path(const struct frame *f, const struct elem *e, char *path, size_t cap)
{
	size_t plen = f->path_len, n = e->name_len;
	int hide = (f->listmap && e->repetition == REP_REPEATED) ||
		   (f->wrapper && f->nchildren == 1);

	if (hide)
		return plen;
	if (plen && plen < cap - 1)
		path[plen++] = '.';
	if (n > cap - 1 - plen)
		n = cap - 1 - plen;
	memcpy(path + plen, e->name ? (const char *)e->name : "", n);
	return plen + n;
}

static int build_columns(const struct elem *e, size_t ne, struct dp_pq_meta *m,
			 struct dp_error *err)
{
	struct frame st[DP_PQ_MAX_NEST];
	char path[1024];
	size_t i = 1, depth = 1;
	int rc;

	if (!(m->cols = calloc(ne, sizeof(*m->cols))))
		return dp_error_set(err, DP_FATAL, "out of memory");
	memset(&st[0], 0, sizeof(st[0]));
	st[0].left = st[0].nchildren = e[0].nchildren;
	while (depth > 0 && i < ne) {
		struct frame *f = &st[depth - 1];
		const struct elem *x;
		size_t plen;
		int def, rep;
		if (f->left <= 0) {
			depth--;
			continue;
		}
		f->left--;
		x = &e[i++];
		def = f->def + (x->repetition == REP_OPTIONAL || x->repetition == REP_REPEATED);
		rep = f->rep + (x->repetition == REP_REPEATED);
		plen = child_path(f, x, path, sizeof(path));
		if (x->nchildren > 0) {
			if (depth == DP_PQ_MAX_NEST)
				return dp_error_set(err, DP_WARN, "schema nested deeper than %d",
						    DP_PQ_MAX_NEST);
			st[depth++] = (struct frame){ x->nchildren, plen, def, rep, is_list_or_map(x),
						      f->listmap && x->repetition == REP_REPEATED,
						      x->nchildren };
		} else if (x->type < 0 || x->type > DP_PQ_FIXED) {
			return dp_error_set(err, DP_WARN, "schema element without a type");
		} else if ((rc = add_column(m, x, path, plen, def, rep)) != DP_OK) {
			return dp_error_set(err, rc, rc == DP_FATAL ? "out of memory" :
						  "more than %d columns", DP_PQ_MAX_COLUMNS);
		}
	}
	if (m->ncols == 0)
		return dp_error_set(err, DP_WARN, "no columns in the schema");
	return DP_OK;
}

static int read_schema(struct dp_thrift *t, struct dp_pq_meta *m, struct dp_error *err)
{
	int elem_type, rc;
	size_t i, n = dp_thrift_list(t, &elem_type);
	struct elem *e;

	if (t->bad || elem_type != DP_THRIFT_STRUCT || n == 0 || n > DP_PQ_MAX_SCHEMA)
		return dp_error_set(err, DP_WARN, "bad schema in the footer");
	if (!(e = calloc(n, sizeof(*e))))
		return dp_error_set(err, DP_FATAL, "out of memory");
	for (i = 0; i < n && !t->bad; i++)
		schema_element(t, &e[i]);
	rc = t->bad ? dp_error_set(err, DP_WARN, "bad schema in the footer")
		    : build_columns(e, n, m, err);
	free(e);
	return rc;
}

/* ColumnMetaData: codec, counts, sizes and page offsets into c. */
static void column_meta(struct dp_thrift *t, struct dp_pq_chunk *c, int64_t *data_off,
			int64_t *dict_off)
{
	int16_t id;
	int type;

	dp_thrift_struct_begin(t);
	while (dp_thrift_field(t, &id, &type)) {
		int64_t v = 0;
		if (type >= DP_THRIFT_I16 && type <= DP_THRIFT_I64)
			v = dp_thrift_int(t, type);
		else
			dp_thrift_skip(t, type);
		if (id == 1)
			c->type = (int)v;
		else if (id == 4)
			c->codec = (int)v;
		else if (id == 5)
			c->num_values = v;
		else if (id == 7)
			c->size = (uint64_t)(v > 0 ? v : 0);
		else if (id == 9)
			*data_off = v;
		else if (id == 11)
			*dict_off = v;
	}
	dp_thrift_struct_end(t);
}

static void column_chunk(struct dp_thrift *t, struct dp_pq_chunk *c, size_t file_size)
{
	int16_t id;
	int type, have_meta = 0;
	int64_t data_off = -1, dict_off = -1;

	memset(c, 0, sizeof(*c));
	dp_thrift_struct_begin(t);
	while (dp_thrift_field(t, &id, &type)) {
		if (id == 1 && type == DP_THRIFT_BINARY) { /* pages in another file */
			c->bad = 1;
			dp_thrift_skip(t, type);
		} else if (id == 3 && type == DP_THRIFT_STRUCT) {
			column_meta(t, c, &data_off, &dict_off);
			have_meta = 1;
		} else {
			dp_thrift_skip(t, type);
		}
	}
	dp_thrift_struct_end(t);
	c->start = (uint64_t)(dict_off > 0 && dict_off < data_off ? dict_off : data_off);
	if (!have_meta || data_off < 4 || c->num_values < 0 || c->start >= file_size ||
	    c->size > file_size - c->start)
		c->bad = 1;
}

static int row_group(struct dp_thrift *t, struct dp_pq_meta *m, struct dp_pq_rowgroup *g,
		     size_t file_size)
{
	int16_t id;
	int type, et;
	size_t i, n;

	dp_thrift_struct_begin(t);
	while (dp_thrift_field(t, &id, &type)) {
		if (id == 3 && type == DP_THRIFT_I64) {
			g->num_rows = dp_thrift_int(t, type);
		} else if (id == 1 && type == DP_THRIFT_LIST && !g->chunks) {
			n = dp_thrift_list(t, &et);
			if (t->bad || et != DP_THRIFT_STRUCT || n != m->ncols) {
				t->bad = 1;
				break;
			}
			if (!(g->chunks = calloc(n, sizeof(*g->chunks))))
				return DP_FATAL;
			for (i = 0; i < n && !t->bad; i++) {
				column_chunk(t, &g->chunks[i], file_size);
				g->chunks[i].bad |= g->chunks[i].type != m->cols[i].type;
			}
		} else {
			dp_thrift_skip(t, type);
		}
	}
	dp_thrift_struct_end(t);
	if (!g->chunks || g->num_rows < 0)
		t->bad = 1;
	return DP_OK;
}

static int read_row_groups(struct dp_thrift *t, struct dp_pq_meta *m, size_t file_size,
			   struct dp_error *err)
{
	int et;
	size_t n = dp_thrift_list(t, &et);

	/* a column chunk's metadata takes 20 bytes or more: a footer with fewer than 8 bytes a
	 * chunk is a lie, and its empty structs would cost 40 bytes each here */
	if (t->bad || et != DP_THRIFT_STRUCT || n > DP_PQ_MAX_ROWGROUPS || !m->ncols ||
	    (uint64_t)n * m->ncols > (uint64_t)(t->end - t->p) / 8)
		return dp_error_set(err, DP_WARN, "bad row groups in the footer (or row groups "
				    "before the schema)");
	if (n && !(m->rgs = calloc(n, sizeof(*m->rgs))))
		return dp_error_set(err, DP_FATAL, "out of memory");
	for (m->nrgs = 0; m->nrgs < n && !t->bad; m->nrgs++)
		if (row_group(t, m, &m->rgs[m->nrgs], file_size) != DP_OK)
			return dp_error_set(err, DP_FATAL, "out of memory");
	return t->bad ? dp_error_set(err, DP_WARN, "bad row group in the footer") : DP_OK;
}

static int file_meta(struct dp_thrift *t, struct dp_pq_meta *m, size_t file_size,
		     struct dp_error *err)
{
	int16_t id;
	int type, rc = DP_OK;

	dp_thrift_struct_begin(t);
	while (rc == DP_OK && dp_thrift_field(t, &id, &type)) {
		if (id == 2 && type == DP_THRIFT_LIST && !m->cols)
			rc = read_schema(t, m, err);
		else if (id == 3 && type == DP_THRIFT_I64)
			m->num_rows = dp_thrift_int(t, type);
		else if (id == 4 && type == DP_THRIFT_LIST && !m->rgs)
			rc = read_row_groups(t, m, file_size, err);
		else
			dp_thrift_skip(t, type);
	}
	dp_thrift_struct_end(t);
	if (rc == DP_OK && (t->bad || !m->cols))
		rc = dp_error_set(err, DP_WARN, "corrupt footer");
	return rc;
}

int dp_pq_meta_ends(const uint8_t *head, const uint8_t *tail, uint64_t n, uint32_t *flen,
		    struct dp_error *err)
{
	if (n < 12 || memcmp(head, "PAR1", 4) || memcmp(tail + 4, "PAR1", 4))
		return dp_error_set(err, DP_WARN, n >= 4 && !memcmp(tail + 4, "PARE", 4) ?
			"encrypted parquet file (not read)" :
			"not a complete parquet file (no PAR1 at both ends: truncated?)");
	*flen = (uint32_t)dp_le(tail, 4);
	if (*flen > n - 12)
		return dp_error_set(err, DP_WARN, "footer length %u past the file's start", *flen);
	return DP_OK;
}

int dp_pq_meta_parse_footer(const uint8_t *footer, uint32_t flen, uint64_t data_size,
			    struct dp_pq_meta *m, struct dp_error *err)
{
	struct dp_thrift t;

	memset(m, 0, sizeof(*m));
	dp_thrift_init(&t, footer, flen);
	return file_meta(&t, m, (size_t)data_size, err);
}

int dp_pq_meta_parse(const uint8_t *file, size_t n, struct dp_pq_meta *m, struct dp_error *err)
{
	uint32_t flen = 0;

	memset(m, 0, sizeof(*m));
	if (n < 12)
		return dp_error_set(err, DP_WARN, n >= 4 && !memcmp(file + n - 4, "PARE", 4) ?
			"encrypted parquet file (not read)" :
			"not a complete parquet file (no PAR1 at both ends: truncated?)");
	if (dp_pq_meta_ends(file, file + n - 8, n, &flen, err) != DP_OK)
		return DP_WARN;
	return dp_pq_meta_parse_footer(file + n - 8 - flen, flen, n - 8 - flen, m, err);
}

void dp_pq_meta_release(struct dp_pq_meta *m)
{
	size_t i;

	for (i = 0; m->cols && i < m->ncols; i++)
		free(m->cols[i].path);
	free(m->cols);
	for (i = 0; m->rgs && i < m->nrgs; i++)
		free(m->rgs[i].chunks);
	free(m->rgs);
	memset(m, 0, sizeof(*m));
}
