/* Compiled hot paths of newslint (optional).

Every function here has a pure-Python twin that gives the same result (see
pytest_newslint/speedups.py, which picks one at import; NEWSLINT_PURE_PYTHON=1 forces the
Python ones). A function returns None where it declines (text it does not handle, such as a
word that cannot be encoded in UTF-8); the caller then runs the Python twin, so errors and
their messages stay the Python ones.

- fingerprints(words, shingle, sample): [crc32(" ".join(run).encode()) for each run of
  `shingle` words, kept if the hash % sample == 0]
- exact_hash(words): crc32(" ".join(words).encode()) | 1
- seed_pairs(words, stopwords, partners, seed): the sorted (i, j) pairs of
  repeated_block.local._seed_pairs (3-word grams)
- index_twice(...): Corpus.build_index(holders=2), see below
- office_spans(text, trie arrays): [m.span() for m in OfficeTable._lower.finditer(text)]
- ascii_words(text): text.words(text) for text of ASCII and a few punctuation marks, else None
*/
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* CRC-32 as zlib.crc32 computes it (reflected 0xEDB88320), eight bytes a step (slice-by-8) */
static uint32_t crc_table[8][256];

static void crc_init(void) {
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[0][n] = c;
    }
    for (uint32_t n = 0; n < 256; n++)
        for (int t = 1; t < 8; t++)
            crc_table[t][n] = crc_table[0][crc_table[t - 1][n] & 0xFF] ^ (crc_table[t - 1][n] >> 8);
}

static inline uint32_t crc_update(uint32_t c, const unsigned char *p, Py_ssize_t len) {
    while (len >= 8) {
        uint32_t lo = c ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
        uint32_t hi = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;
        c = crc_table[7][lo & 0xFF] ^ crc_table[6][(lo >> 8) & 0xFF] ^ crc_table[5][(lo >> 16) & 0xFF]
            ^ crc_table[4][lo >> 24] ^ crc_table[3][hi & 0xFF] ^ crc_table[2][(hi >> 8) & 0xFF]
            ^ crc_table[1][(hi >> 16) & 0xFF] ^ crc_table[0][hi >> 24];
        p += 8;
        len -= 8;
    }
    while (len-- > 0)
        c = crc_table[0][(c ^ *p++) & 0xFF] ^ (c >> 8);
    return c;
}

/* UTF-8 views of a list of str; returns 0 (no error set) to decline */
typedef struct { const char *data; Py_ssize_t len; } view;

static int utf8_views(PyObject *words, view *out, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *w = PyList_GET_ITEM(words, i);
        if (!PyUnicode_Check(w))
            return 0;
        out[i].data = PyUnicode_AsUTF8AndSize(w, &out[i].len);
        if (out[i].data == NULL) {
            PyErr_Clear();
            return 0;
        }
    }
    return 1;
}

static PyObject *fingerprints(PyObject *self, PyObject *args) {
    PyObject *words;
    Py_ssize_t shingle, sample;
    if (!PyArg_ParseTuple(args, "Onn", &words, &shingle, &sample))
        return NULL;
    if (!PyList_Check(words) || shingle < 1 || sample < 1) {
        Py_RETURN_NONE;
    }
    Py_ssize_t n = PyList_GET_SIZE(words);
    PyObject *result = PyList_New(0);
    if (result == NULL)
        return NULL;
    if (n < shingle)
        return result;
    view *views = PyMem_Malloc(sizeof(view) * (size_t)n);
    if (views == NULL) {
        Py_DECREF(result);
        return PyErr_NoMemory();
    }
    if (!utf8_views(words, views, n)) {
        PyMem_Free(views);
        Py_DECREF(result);
        Py_RETURN_NONE;
    }
    /* the words joined by spaces, once: each run is a slice of it */
    Py_ssize_t bytes = n;
    for (Py_ssize_t k = 0; k < n; k++)
        bytes += views[k].len;
    unsigned char *joined = PyMem_Malloc((size_t)bytes);
    Py_ssize_t *at = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n + 1));
    if (!joined || !at) {
        PyMem_Free(joined);
        PyMem_Free(at);
        PyMem_Free(views);
        Py_DECREF(result);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t k = 0, pos = 0; k < n; k++) {
        at[k] = pos;
        memcpy(joined + pos, views[k].data, (size_t)views[k].len);
        pos += views[k].len;
        joined[pos++] = ' ';
    }
    at[n] = bytes; /* one past the last word's trailing space */
    for (Py_ssize_t k = 0; k + shingle <= n; k++) {
        uint32_t c = crc_update(0xFFFFFFFFu, joined + at[k], at[k + shingle] - 1 - at[k]) ^ 0xFFFFFFFFu;
        if (c % (uint32_t)sample == 0) {
            PyObject *h = PyLong_FromUnsignedLong(c);
            if (h == NULL || PyList_Append(result, h) < 0) {
                Py_XDECREF(h);
                PyMem_Free(joined);
                PyMem_Free(at);
                PyMem_Free(views);
                Py_DECREF(result);
                return NULL;
            }
            Py_DECREF(h);
        }
    }
    PyMem_Free(joined);
    PyMem_Free(at);
    PyMem_Free(views);
    return result;
}

static PyObject *exact_hash(PyObject *self, PyObject *words) {
    if (!PyList_Check(words)) {
        Py_RETURN_NONE;
    }
    Py_ssize_t n = PyList_GET_SIZE(words);
    uint32_t c = 0xFFFFFFFFu;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *w = PyList_GET_ITEM(words, i);
        if (!PyUnicode_Check(w)) {
            Py_RETURN_NONE;
        }
        Py_ssize_t len;
        const char *data = PyUnicode_AsUTF8AndSize(w, &len);
        if (data == NULL) {
            PyErr_Clear();
            Py_RETURN_NONE;
        }
        if (i)
            c = crc_update(c, (const unsigned char *)" ", 1);
        c = crc_update(c, (const unsigned char *)data, len);
    }
    c ^= 0xFFFFFFFFu;
    return PyLong_FromUnsignedLong(c | 1u);
}

/* -- seed pairs ------------------------------------------------------------------------- */

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* 1 if the grams at t and u hold equal words, 0 if not, -1 on error */
static int same_gram(PyObject **w, Py_ssize_t t, Py_ssize_t u) {
    for (int k = 0; k < 3; k++) {
        PyObject *a = w[t + k], *b = w[u + k];
        if (a == b)
            continue;
        int eq = PyObject_RichCompareBool(a, b, Py_EQ);
        if (eq <= 0)
            return eq;
    }
    return 1;
}

static PyObject *seed_pairs(PyObject *self, PyObject *args) {
    PyObject *words, *stopwords;
    Py_ssize_t partners, seed;
    if (!PyArg_ParseTuple(args, "OOnn", &words, &stopwords, &partners, &seed))
        return NULL;
    if (!PyList_Check(words)) {
        Py_RETURN_NONE;
    }
    Py_ssize_t n = PyList_GET_SIZE(words);
    Py_ssize_t g = n - 2; /* grams */
    if (g < 2 || n > 0x7FFFFFFF)
        return g < 2 ? PyList_New(0) : (Py_INCREF(Py_None), Py_None);
    PyObject **w = ((PyListObject *)words)->ob_item;
    Py_hash_t *wh = NULL;
    Py_ssize_t *prev = NULL, *slots = NULL;
    uint64_t *pairs = NULL;
    PyObject *result = NULL;
    Py_ssize_t size = 1;
    while (size < 2 * g)
        size <<= 1;
    wh = PyMem_Malloc(sizeof(Py_hash_t) * (size_t)n);
    prev = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)g);
    slots = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)size);
    if (!wh || !prev || !slots) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        wh[i] = PyObject_Hash(w[i]);
        if (wh[i] == -1 && PyErr_Occurred())
            goto done;
    }
    for (Py_ssize_t s = 0; s < size; s++)
        slots[s] = -1;
    /* prev[t]: the previous occurrence of gram t, -1 if none; slots hold the latest one */
    Py_ssize_t repeats = 0;
    for (Py_ssize_t t = 0; t < g; t++) {
        uint64_t h = (uint64_t)wh[t] * 0x9E3779B97F4A7C15ull;
        h = (h ^ (uint64_t)wh[t + 1]) * 0xC2B2AE3D27D4EB4Full;
        h = (h ^ (uint64_t)wh[t + 2]) * 0x165667B19E3779F9ull;
        h ^= h >> 29;
        Py_ssize_t s = (Py_ssize_t)(h & (uint64_t)(size - 1));
        prev[t] = -1;
        for (;;) {
            Py_ssize_t u = slots[s];
            if (u < 0) {
                slots[s] = t;
                break;
            }
            if (wh[u] == wh[t] && wh[u + 1] == wh[t + 1] && wh[u + 2] == wh[t + 2]) {
                int eq = same_gram(w, t, u);
                if (eq < 0)
                    goto done;
                if (eq) {
                    prev[t] = u;
                    slots[s] = t;
                    repeats++;
                    break;
                }
            }
            s = (s + 1) & (size - 1);
        }
    }
    if (repeats == 0) {
        result = PyList_New(0);
        goto done;
    }
    Py_ssize_t cap = repeats * (partners > 0 ? partners : 0) + 1, count = 0;
    pairs = PyMem_Malloc(sizeof(uint64_t) * (size_t)cap);
    if (!pairs) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t j = 0; j < g; j++) {
        if (prev[j] < 0)
            continue;
        /* a gram of stopwords only is never a seed */
        int all_stop = 1;
        for (int k = 0; k < 3 && all_stop; k++) {
            int in = PySequence_Contains(stopwords, w[j + k]);
            if (in < 0)
                goto done;
            all_stop = in;
        }
        if (all_stop)
            continue;
        Py_ssize_t i = prev[j];
        for (Py_ssize_t p = 0; p < partners && i >= 0; p++, i = prev[i]) {
            if (j - i >= seed)
                pairs[count++] = ((uint64_t)i << 32) | (uint64_t)j;
        }
    }
    qsort(pairs, (size_t)count, sizeof(uint64_t), cmp_u64);
    result = PyList_New(count);
    if (!result)
        goto done;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *pair = Py_BuildValue("(nn)", (Py_ssize_t)(pairs[k] >> 32), (Py_ssize_t)(pairs[k] & 0xFFFFFFFFu));
        if (!pair) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, k, pair);
    }
done:
    PyMem_Free(wh);
    PyMem_Free(prev);
    PyMem_Free(slots);
    PyMem_Free(pairs);
    return result;
}

/* -- ASCII words ------------------------------------------------------------------------ */

/* Non-ASCII characters that are punctuation or spaces: no word character for `re` or `regex`,
   unchanged by casefold, inside text.AGREED without being word units (tests/test_speedups.py
   checks each). News text is ASCII but for these (typographic quotes, dashes, ellipses). */
static inline int separator_mark(Py_UCS4 c) {
    return c == 0xA0 || c == 0xAB || c == 0xBB || (c >= 0x2010 && c <= 0x2015) || (c >= 0x2018 && c <= 0x201F)
           || c == 0x2026 || c == 0x2009 || c == 0x202F;
}

static inline int ascii_word_char(Py_UCS4 c) { return c < 128 && (Py_ISALNUM(c) || c == '_'); }

/* text.words for text of ASCII and separator marks only: its \w runs, lower-cased; else None */
static PyObject *ascii_words(PyObject *self, PyObject *text) {
    if (!PyUnicode_Check(text)) {
        Py_RETURN_NONE;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (!PyUnicode_IS_ASCII(text)) {
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            if (c >= 128 && !separator_mark(c)) {
                Py_RETURN_NONE;
            }
        }
    }
    PyObject *result = PyList_New(0);
    if (!result)
        return NULL;
    char stack[256];
    Py_ssize_t i = 0;
    while (i < n) {
        while (i < n && !ascii_word_char(PyUnicode_READ(kind, data, i)))
            i++;
        if (i >= n)
            break;
        Py_ssize_t start = i;
        while (i < n && ascii_word_char(PyUnicode_READ(kind, data, i)))
            i++;
        Py_ssize_t len = i - start;
        char *buf = len <= (Py_ssize_t)sizeof(stack) ? stack : PyMem_Malloc((size_t)len);
        if (!buf) {
            Py_DECREF(result);
            return PyErr_NoMemory();
        }
        for (Py_ssize_t k = 0; k < len; k++)
            buf[k] = (char)Py_TOLOWER(PyUnicode_READ(kind, data, start + k));
        PyObject *word = PyUnicode_FromStringAndSize(buf, len);
        if (buf != stack)
            PyMem_Free(buf);
        if (!word || PyList_Append(result, word) < 0) {
            Py_XDECREF(word);
            Py_DECREF(result);
            return NULL;
        }
        Py_DECREF(word);
    }
    return result;
}

/* -- the corpus index ------------------------------------------------------------------- */

/* index_twice(prints, print_start, doc_of, parts, shift): Corpus.build_index(holders=2):
   ([bytes of each partition's sorted (fingerprint << 32 | paragraph) values], {(a, b): count})
   with the pairs in the order the Python loop meets them; None to decline. */
static PyObject *index_twice(PyObject *self, PyObject *args) {
    PyObject *prints_obj, *start_obj, *doc_obj;
    Py_ssize_t nparts, shift;
    if (!PyArg_ParseTuple(args, "OOOnn", &prints_obj, &start_obj, &doc_obj, &nparts, &shift))
        return NULL;
    if (nparts < 1 || nparts > 65536 || shift < 0 || shift > 32) {
        Py_RETURN_NONE;
    }
    Py_buffer pb = {0}, sb = {0}, db = {0};
    PyObject *result = NULL, *blobs = NULL, *pairs = NULL;
    uint64_t *values = NULL;
    Py_ssize_t *fill = NULL, *offset = NULL;
    if (PyObject_GetBuffer(prints_obj, &pb, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0)
        goto fail;
    if (PyObject_GetBuffer(start_obj, &sb, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0)
        goto fail;
    if (PyObject_GetBuffer(doc_obj, &db, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0)
        goto fail;
    if (pb.itemsize != 4 || sb.itemsize != 4 || db.itemsize != 4 || strcmp(pb.format, "I") || strcmp(sb.format, "I")
        || strcmp(db.format, "I")) {
        PyBuffer_Release(&pb); PyBuffer_Release(&sb); PyBuffer_Release(&db);
        Py_RETURN_NONE;
    }
    const uint32_t *prints = pb.buf, *start = sb.buf, *doc_of = db.buf;
    Py_ssize_t nprints = pb.len / 4, nstart = sb.len / 4, ndoc = db.len / 4;
    Py_ssize_t paragraphs = nstart - 1;
    if (paragraphs > ndoc) {
        PyBuffer_Release(&pb); PyBuffer_Release(&sb); PyBuffer_Release(&db);
        Py_RETURN_NONE;
    }
    for (Py_ssize_t p = 0; p < paragraphs; p++)
        if (start[p] > start[p + 1] || start[p + 1] > nprints) {
            PyBuffer_Release(&pb); PyBuffer_Release(&sb); PyBuffer_Release(&db);
            Py_RETURN_NONE;
        }
    Py_ssize_t total = paragraphs > 0 ? (Py_ssize_t)start[paragraphs] - (Py_ssize_t)start[0] : 0;
    values = PyMem_Malloc(sizeof(uint64_t) * (size_t)(total + 1));
    fill = PyMem_Calloc((size_t)nparts + 1, sizeof(Py_ssize_t));
    offset = PyMem_Calloc((size_t)nparts + 1, sizeof(Py_ssize_t));
    if (!values || !fill || !offset) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t p = 0; p < paragraphs; p++)
        for (uint32_t k = start[p]; k < start[p + 1]; k++) {
            uint64_t part = shift == 32 ? 0 : (uint64_t)prints[k] >> shift;
            if ((Py_ssize_t)part >= nparts) {
                PyMem_Free(values); PyMem_Free(fill); PyMem_Free(offset);
                PyBuffer_Release(&pb); PyBuffer_Release(&sb); PyBuffer_Release(&db);
                Py_RETURN_NONE;
            }
            offset[part + 1]++;
        }
    for (Py_ssize_t n = 0; n < nparts; n++)
        offset[n + 1] += offset[n];
    for (Py_ssize_t p = 0; p < paragraphs; p++)
        for (uint32_t k = start[p]; k < start[p + 1]; k++) {
            uint64_t part = shift == 32 ? 0 : (uint64_t)prints[k] >> shift;
            values[offset[part] + fill[part]++] = ((uint64_t)prints[k] << 32) | (uint64_t)p;
        }
    blobs = PyList_New(nparts);
    pairs = PyDict_New();
    if (!blobs || !pairs)
        goto fail;
    for (Py_ssize_t n = 0; n < nparts; n++) {
        uint64_t *v = values + offset[n];
        Py_ssize_t len = offset[n + 1] - offset[n];
        qsort(v, (size_t)len, sizeof(uint64_t), cmp_u64);
        PyObject *blob = PyBytes_FromStringAndSize((const char *)v, len * (Py_ssize_t)sizeof(uint64_t));
        if (!blob)
            goto fail;
        PyList_SET_ITEM(blobs, n, blob);
        for (Py_ssize_t k = 0; k + 1 < len; k++) {
            /* held exactly twice: the same key as the next, unlike the one before and after */
            if ((v[k] >> 32) != (v[k + 1] >> 32))
                continue;
            if (k > 0 && (v[k - 1] >> 32) == (v[k] >> 32))
                continue;
            if (k + 2 < len && (v[k + 2] >> 32) == (v[k + 1] >> 32))
                continue;
            uint32_t pa = (uint32_t)(v[k] & 0xFFFFFFFFu), pb_ = (uint32_t)(v[k + 1] & 0xFFFFFFFFu);
            if (pa >= (uint32_t)paragraphs || pb_ >= (uint32_t)paragraphs)
                continue; /* cannot happen: values come from paragraphs */
            uint32_t a = doc_of[pa], b = doc_of[pb_];
            if (a == b)
                continue;
            PyObject *key = a < b ? Py_BuildValue("(II)", a, b) : Py_BuildValue("(II)", b, a);
            if (!key)
                goto fail;
            PyObject *count = PyDict_GetItemWithError(pairs, key);
            long now = 1;
            if (count) {
                now = PyLong_AsLong(count) + 1;
            } else if (PyErr_Occurred()) {
                Py_DECREF(key);
                goto fail;
            }
            PyObject *value = PyLong_FromLong(now);
            if (!value || PyDict_SetItem(pairs, key, value) < 0) {
                Py_XDECREF(value);
                Py_DECREF(key);
                goto fail;
            }
            Py_DECREF(value);
            Py_DECREF(key);
        }
    }
    result = PyTuple_Pack(2, blobs, pairs);
fail:
    Py_XDECREF(blobs);
    Py_XDECREF(pairs);
    PyMem_Free(values);
    PyMem_Free(fill);
    PyMem_Free(offset);
    if (pb.obj) PyBuffer_Release(&pb);
    if (sb.obj) PyBuffer_Release(&sb);
    if (db.obj) PyBuffer_Release(&db);
    return result;
}


/* -- the office-word scan --------------------------------------------------------------- */

/* office_spans(text, first_edge, edge_char, edge_child, terminal): the spans of
   OfficeTable's lower-case pattern, (?<!\w)(TRIE)(?:(-elect|-designate)|(?![\w\-])), over
   `text`, as [m.span() for m in pattern.finditer(text)]. The trie: node n's edges are
   first_edge[n]..first_edge[n+1] (edge_char, edge_child); a char of ' ' stands for \s+;
   terminal[n] != 0 where a word ends. \w and \s are those of `re` on str. */
typedef struct {
    int kind;
    const void *data;
    Py_ssize_t len;
    const uint32_t *first, *chr, *child;
    const unsigned char *terminal;
    Py_ssize_t nodes;
    uint32_t root_child[128]; /* the root's edge of each ASCII character other than ' ' (0: none) */
} scan;

/* re's \w on str: str.isalnum() or '_' (for ASCII, the letters and digits) */
static inline int is_word(Py_UCS4 c) { return c < 128 ? (Py_ISALNUM(c) || c == '_') : Py_UNICODE_ISALNUM(c); }

/* the first index from i whose character is no word character (the rest of a word, skipped:
   no match starts inside one), one loop a string kind */
#define SKIP_WORD_CHARS(TYPE)                                                                           \
    {                                                                                                   \
        const TYPE *d = (const TYPE *)s->data;                                                          \
        while (i < s->len && (d[i] < 128 ? (Py_ISALNUM(d[i]) || d[i] == '_') : Py_UNICODE_ISALNUM(d[i]))) \
            i++;                                                                                        \
        return i;                                                                                       \
    }
static Py_ssize_t skip_word_chars(const scan *s, Py_ssize_t i) {
    if (s->kind == PyUnicode_1BYTE_KIND)
        SKIP_WORD_CHARS(Py_UCS1)
    if (s->kind == PyUnicode_2BYTE_KIND)
        SKIP_WORD_CHARS(Py_UCS2)
    SKIP_WORD_CHARS(Py_UCS4)
}

static const char ELECT[] = "-elect", DESIGNATE[] = "-designate";

static int starts_with(const scan *s, Py_ssize_t i, const char *lit) {
    Py_ssize_t n = (Py_ssize_t)strlen(lit);
    if (i + n > s->len)
        return 0;
    for (Py_ssize_t k = 0; k < n; k++)
        if (PyUnicode_READ(s->kind, s->data, i + k) != (Py_UCS4)(unsigned char)lit[k])
            return 0;
    return 1;
}

/* the end of the match from `node` at `i`, or -1. At most one edge of a node fits a character
   (the trie's words hold no white space but ' ', and an edge of ' ' takes only white space), so
   the path down the trie is one; the regex takes the deepest word along it that may end where
   it stops (going on is tried before stopping), which is what the loop back up finds. */
#define MAX_DEPTH 64
static Py_ssize_t walk(const scan *s, uint32_t node, Py_ssize_t i) {
    uint32_t nodes[MAX_DEPTH + 1];
    Py_ssize_t ends[MAX_DEPTH + 1];
    int depth = 0;
    nodes[0] = node;
    ends[0] = i;
    while (i < s->len) {
        Py_UCS4 c = PyUnicode_READ(s->kind, s->data, i);
        uint32_t next = 0;
        Py_ssize_t j = i + 1;
        if (depth == 0 && node == 0 && c < 128 && s->root_child[c]) {
            node = s->root_child[c];
            i = j;
            depth = 1;
            nodes[1] = node;
            ends[1] = i;
            continue;
        }
        for (uint32_t e = s->first[node]; e < s->first[node + 1]; e++) {
            if (s->chr[e] == ' ') {
                if (!Py_UNICODE_ISSPACE(c))
                    continue;
                while (j < s->len && Py_UNICODE_ISSPACE(PyUnicode_READ(s->kind, s->data, j)))
                    j++;
                next = s->child[e];
                break;
            }
            if (s->chr[e] == c) {
                next = s->child[e];
                break;
            }
        }
        if (next == 0)
            break;
        if (depth == MAX_DEPTH)
            return -2; /* a word longer than any the table is likely to hold: decline */
        node = next;
        i = j;
        depth++;
        nodes[depth] = node;
        ends[depth] = i;
    }
    for (; depth >= 0; depth--) {
        if (!s->terminal[nodes[depth]])
            continue;
        Py_ssize_t at = ends[depth];
        if (starts_with(s, at, ELECT))
            return at + 6;
        if (starts_with(s, at, DESIGNATE))
            return at + 10;
        if (at < s->len) {
            Py_UCS4 c = PyUnicode_READ(s->kind, s->data, at);
            if (is_word(c) || c == '-')
                continue;
        }
        return at;
    }
    return -1;
}

static PyObject *office_spans(PyObject *self, PyObject *args) {
    PyObject *text, *objs[4];
    if (!PyArg_ParseTuple(args, "UOOOO", &text, &objs[0], &objs[1], &objs[2], &objs[3]))
        return NULL;
    Py_buffer b[4];
    int got = 0;
    PyObject *result = NULL;
    for (; got < 4; got++)
        if (PyObject_GetBuffer(objs[got], &b[got], PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0)
            goto done;
    if (b[0].itemsize != 4 || b[1].itemsize != 4 || b[2].itemsize != 4 || b[3].itemsize != 1 || strcmp(b[0].format, "I")
        || strcmp(b[1].format, "I") || strcmp(b[2].format, "I") || strcmp(b[3].format, "B")) {
        result = Py_None;
        Py_INCREF(result);
        goto done;
    }
    scan s;
    s.kind = PyUnicode_KIND(text);
    s.data = PyUnicode_DATA(text);
    s.len = PyUnicode_GET_LENGTH(text);
    s.first = b[0].buf;
    s.chr = b[1].buf;
    s.child = b[2].buf;
    s.terminal = b[3].buf;
    s.nodes = b[3].len;
    Py_ssize_t edges = b[1].len / 4;
    /* a well-formed trie, or decline */
    if (s.nodes < 1 || b[0].len / 4 != s.nodes + 1 || b[2].len / 4 != edges || s.first[s.nodes] != (uint32_t)edges) {
        result = Py_None;
        Py_INCREF(result);
        goto done;
    }
    for (Py_ssize_t n = 0; n < s.nodes; n++)
        if (s.first[n] > s.first[n + 1]) {
            result = Py_None;
            Py_INCREF(result);
            goto done;
        }
    for (Py_ssize_t e = 0; e < edges; e++)
        if (s.child[e] >= (uint32_t)s.nodes || s.child[e] == 0) {
            result = Py_None;
            Py_INCREF(result);
            goto done;
        }
    /* the first character of a word, from ASCII text: which root edges can start there */
    char starts[128] = {0};
    int other_starts = 0;
    memset(s.root_child, 0, sizeof s.root_child);
    for (uint32_t e = s.first[0]; e < s.first[1]; e++) {
        if (s.chr[e] == ' ')
            other_starts = 1; /* \s+ first: white space may start a match */
        else if (s.chr[e] < 128) {
            starts[s.chr[e]] = 1; /* (an edge of another character never matches ASCII) */
            s.root_child[s.chr[e]] = s.child[e];
        }
    }
    /* an ASCII character at which no match starts (none of the root's edges) */
    char skip[128];
    for (int c = 0; c < 128; c++)
        skip[c] = !starts[c] && !other_starts && !s.terminal[0];
    result = PyList_New(0);
    if (!result)
        goto done;
    /* at each position not after a word character ((?<!\w)): a walk, where a root edge may
       start; from a word character on, the rest of its word and the character after it (which
       follows a word character) are skipped */
    Py_ssize_t i = 0;
    while (i < s.len) {
        Py_UCS4 c = PyUnicode_READ(s.kind, s.data, i);
        if (!(c < 128 && skip[c])) {
            Py_ssize_t end = walk(&s, 0, i);
            if (end == -2) {
                Py_CLEAR(result);
                result = Py_None;
                Py_INCREF(result);
                goto done;
            }
            if (end >= i) {
                PyObject *span = Py_BuildValue("(nn)", i, end);
                if (!span || PyList_Append(result, span) < 0) {
                    Py_XDECREF(span);
                    Py_CLEAR(result);
                    goto done;
                }
                Py_DECREF(span);
                if (end > i) {
                    i = end;
                    if (is_word(PyUnicode_READ(s.kind, s.data, end - 1)))
                        i = skip_word_chars(&s, i) + 1; /* and the character after the word */
                    continue;
                }
            }
        }
        i++;
        if (is_word(c))
            i = skip_word_chars(&s, i) + 1; /* the rest of the word, and the character after it */
    }
done:
    for (int k = 0; k < got; k++)
        PyBuffer_Release(&b[k]);
    return result;
}

static PyMethodDef methods[] = {
    {"fingerprints", fingerprints, METH_VARARGS, "Sampled CRC-32 fingerprints of word runs."},
    {"exact_hash", exact_hash, METH_O, "CRC-32 of the words joined by spaces, made odd."},
    {"seed_pairs", seed_pairs, METH_VARARGS, "Pairs of positions of repeated 3-word grams."},
    {"ascii_words", ascii_words, METH_O, "text.words of text in ASCII and a few punctuation marks, else None."},
    {"index_twice", index_twice, METH_VARARGS, "Corpus.build_index for holders=2: sorted partitions and candidate pairs."},
    {"office_spans", office_spans, METH_VARARGS, "Spans of the office words of lower-cased text (a trie)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_speedups", NULL, -1, methods};

PyMODINIT_FUNC PyInit__speedups(void) {
    crc_init();
    return PyModule_Create(&module);
}
