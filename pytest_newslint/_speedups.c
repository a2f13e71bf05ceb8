/* Compiled hot paths of newslint (optional).

Every function here has a pure-Python twin that gives the same result (see
pytest_newslint/speedups.py, which picks one at import; NEWSLINT_PURE_PYTHON=1 forces the
Python ones). A function returns None where it declines (text it does not handle, such as a
word that cannot be encoded in UTF-8); the caller then runs the Python twin, so errors and
their messages stay the Python ones.

The method table at the end of this file names every function with a line on what it does,
grouped by area (each area's functions sit together above it, under a comment naming the area);
each function's comment says what its twin is.
*/
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <limits.h>

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

/* Append to `found` the CRC-32 of every `shingle`-word run of the words (joined by spaces once:
   each run is a slice of it) that falls in one `sample`th of the hash space; with `exact`, also
   the CRC-32 of all the words joined, made odd (exact_hash). n >= 1. 0 with an exception set on
   failure. */
static int append_prints(const view *views, Py_ssize_t n, Py_ssize_t shingle, Py_ssize_t sample,
                         PyObject *found, uint32_t *exact) {
    Py_ssize_t bytes = n;
    for (Py_ssize_t k = 0; k < n; k++)
        bytes += views[k].len;
    unsigned char *joined = PyMem_Malloc((size_t)bytes);
    Py_ssize_t *at = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n + 1));
    int ok = 0;
    if (!joined || !at) {
        PyErr_NoMemory();
        goto done;
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
            if (h == NULL || PyList_Append(found, h) < 0) {
                Py_XDECREF(h);
                goto done;
            }
            Py_DECREF(h);
        }
    }
    if (exact != NULL)
        *exact = (crc_update(0xFFFFFFFFu, joined, bytes - 1) ^ 0xFFFFFFFFu) | 1u;
    ok = 1;
done:
    PyMem_Free(joined);
    PyMem_Free(at);
    return ok;
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
    if (!append_prints(views, n, shingle, sample, result, NULL))
        Py_CLEAR(result);
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

/* The sorted (i << 32 | j) pairs of local._seed_pairs over the n words at w, in *out (PyMem,
   NULL when there are none); their number, or -1 on error. */
static Py_ssize_t pair_positions(PyObject **w, Py_ssize_t n, PyObject *stopwords, Py_ssize_t partners,
                                 Py_ssize_t seed, uint64_t **out) {
    *out = NULL;
    Py_ssize_t g = n - 2; /* grams */
    if (g < 2)
        return 0;
    Py_hash_t *wh = NULL;
    Py_ssize_t *prev = NULL, *slots = NULL;
    uint64_t *pairs = NULL;
    Py_ssize_t size = 1, count = -1;
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
        count = 0;
        goto done;
    }
    Py_ssize_t cap = repeats * (partners > 0 ? partners : 0) + 1, found = 0;
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
                pairs[found++] = ((uint64_t)i << 32) | (uint64_t)j;
        }
    }
    qsort(pairs, (size_t)found, sizeof(uint64_t), cmp_u64);
    count = found;
    *out = pairs;
    pairs = NULL;
done:
    PyMem_Free(wh);
    PyMem_Free(prev);
    PyMem_Free(slots);
    PyMem_Free(pairs);
    return count;
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
    if (n > 0x7FFFFFFF)
        Py_RETURN_NONE;
    uint64_t *pairs;
    Py_ssize_t count = pair_positions(((PyListObject *)words)->ob_item, n, stopwords, partners, seed, &pairs);
    if (count < 0)
        return NULL;
    PyObject *result = PyList_New(count);
    for (Py_ssize_t k = 0; result && k < count; k++) {
        PyObject *pair = Py_BuildValue("(nn)", (Py_ssize_t)(pairs[k] >> 32), (Py_ssize_t)(pairs[k] & 0xFFFFFFFFu));
        if (!pair) {
            Py_CLEAR(result);
            break;
        }
        PyList_SET_ITEM(result, k, pair);
    }
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

/* a str of `len` ASCII characters (PyUnicode_FromStringAndSize would decode them as UTF-8) */
static PyObject *ascii_word(const char *buf, Py_ssize_t len) {
    PyObject *word = PyUnicode_New(len, 127);
    if (word)
        memcpy(PyUnicode_1BYTE_DATA(word), buf, (size_t)len);
    return word;
}

/* The words of text of one `kind` (text.words for ASCII and separator marks), appended. */
static inline int ascii_words_of(PyObject *result, const void *data, int kind, Py_ssize_t n) {
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
            PyErr_NoMemory();
            return -1;
        }
        for (Py_ssize_t k = 0; k < len; k++)
            buf[k] = (char)Py_TOLOWER(PyUnicode_READ(kind, data, start + k));
        PyObject *word = ascii_word(buf, len);
        if (buf != stack)
            PyMem_Free(buf);
        if (!word || PyList_Append(result, word) < 0) {
            Py_XDECREF(word);
            return -1;
        }
        Py_DECREF(word);
    }
    return 0;
}

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
    /* one loop for each kind, so that each reads its characters directly */
    int failed = kind == PyUnicode_1BYTE_KIND   ? ascii_words_of(result, data, PyUnicode_1BYTE_KIND, n)
                 : kind == PyUnicode_2BYTE_KIND ? ascii_words_of(result, data, PyUnicode_2BYTE_KIND, n)
                                                : ascii_words_of(result, data, PyUnicode_4BYTE_KIND, n);
    if (failed) {
        Py_DECREF(result);
        return NULL;
    }
    return result;
}

/* -- the office-word scan --------------------------------------------------------------- */

/* office_spans(text, first_edge, edge_char, edge_child, terminal[, fold]): the spans of
   OfficeTable's lower-case pattern, (?<!\w)(TRIE)(?:(-elect|-designate)|(?![\w\-])), over
   `text` (with `fold`, over text.lower(), None for text holding U+0130 or U+03A3), as
   [m.span() for m in pattern.finditer(text)]. The trie: node n's edges are
   first_edge[n]..first_edge[n+1] (edge_char, edge_child); a char of ' ' stands for \s+;
   terminal[n] != 0 where a word ends. \w and \s are those of `re` on str. */
typedef struct {
    int kind;
    const void *data;
    Py_ssize_t len;
    const uint32_t *first, *chr, *child;
    const unsigned char *terminal;
    Py_ssize_t nodes;
    int fold; /* read each character lower-cased, as str.lower() gives it */
    uint32_t root_child[128]; /* the root's edge of each ASCII character other than ' ' (0: none) */
    /* for each ASCII character with a root edge: the ASCII characters that may come next in a
       match starting with it (bit c of second[first][c >> 6]); all of them when a word may end
       after the first character */
    uint64_t second[128][2];
} scan;

/* the character at i, lower-cased when the scan folds case: str.lower() maps every character
   to its simple lower case but U+0130 (to two characters) and the capital sigma (to ς at the
   end of a word): text holding either is declined */
static inline Py_UCS4 scan_char(const scan *s, Py_ssize_t i) {
    Py_UCS4 c = PyUnicode_READ(s->kind, s->data, i);
    if (s->fold)
        c = c < 128 ? (Py_UCS4)Py_TOLOWER(c) : Py_UNICODE_TOLOWER(c);
    return c;
}

/* re's \w on str: str.isalnum() or '_' (for ASCII, the letters and digits) */
static inline int is_word(Py_UCS4 c) { return c < 128 ? (Py_ISALNUM(c) || c == '_') : Py_UNICODE_ISALNUM(c); }

/* ASCII characters as a scan reads them (lower-cased when it folds case), and which are word
   characters */
static void scan_ascii_tables(unsigned char ascii[128], unsigned char word[128], int fold) {
    for (int c = 0; c < 128; c++) {
        ascii[c] = (unsigned char)(fold ? Py_TOLOWER(c) : c);
        word[c] = (unsigned char)is_word((Py_UCS4)c);
    }
}

/* the first index from i whose character is no word character (the rest of a word, skipped:
   no match starts inside one), one loop a string kind; lower-casing keeps an ASCII character
   a word character or not, so only the others are lower-cased when the scan folds case */
#define SKIP_WORD_CHARS(TYPE)                                                                           \
    {                                                                                                   \
        const TYPE *d = (const TYPE *)s->data;                                                          \
        while (i < s->len                                                                               \
               && (d[i] < 128 ? (Py_ISALNUM(d[i]) || d[i] == '_')                                        \
                              : Py_UNICODE_ISALNUM(s->fold ? Py_UNICODE_TOLOWER(d[i]) : (Py_UCS4)d[i]))) \
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
        if (scan_char(s, i + k) != (Py_UCS4)(unsigned char)lit[k])
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
        Py_UCS4 c = scan_char(s, i);
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
                while (j < s->len && Py_UNICODE_ISSPACE(scan_char(s, j)))
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
            Py_UCS4 c = scan_char(s, at);
            if (is_word(c) || c == '-')
                continue;
        }
        return at;
    }
    return -1;
}

/* office_spans' loop over the positions where no match can start, while their characters are
   ASCII: one whose character no root edge takes, or the second character of the words
   starting with it (`second`) does not follow; a word character and the rest of its word are
   passed (and the character after it, which follows a word character). It stops at a position
   where a match may start, or at a character beyond ASCII, for the general step. */
#define SKIP_NO_MATCH(TYPE)                                                                          \
    {                                                                                                \
        const TYPE *d = (const TYPE *)s.data;                                                        \
        const Py_ssize_t n = s.len;                                                                  \
        while (i < n && d[i] < 128) {                                                                \
            unsigned char c = ascii[d[i]];                                                           \
            if (!skip[c]) {                                                                          \
                if (!s.root_child[c] || other_starts || i + 1 >= n || d[i + 1] >= 128)               \
                    break;                                                                           \
                unsigned char next = ascii[d[i + 1]];                                                \
                if (s.second[c][next >> 6] >> (next & 63) & 1)                                       \
                    break;                                                                           \
            }                                                                                        \
            i++;                                                                                     \
            if (word[c]) {                                                                           \
                while (i < n && (d[i] < 128 ? word[d[i]]                                             \
                                            : Py_UNICODE_ISALNUM(fold ? Py_UNICODE_TOLOWER(d[i]) : (Py_UCS4)d[i]))) \
                    i++;                                                                             \
                i++;                                                                                 \
            }                                                                                        \
        }                                                                                            \
    }

static PyObject *office_spans(PyObject *self, PyObject *args) {
    PyObject *text, *objs[4];
    int fold = 0;
    if (!PyArg_ParseTuple(args, "UOOOO|p", &text, &objs[0], &objs[1], &objs[2], &objs[3], &fold))
        return NULL;
    if (fold && !PyUnicode_IS_ASCII(text)
        && (PyUnicode_FindChar(text, 0x130, 0, PyUnicode_GET_LENGTH(text), 1) != -1
            || PyUnicode_FindChar(text, 0x3A3, 0, PyUnicode_GET_LENGTH(text), 1) != -1)) {
        Py_RETURN_NONE; /* "İ" lower-cases to two characters, "Σ" to σ or ς by its place */
    }
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
    s.fold = fold;
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
    /* the second characters: a match needs the first's child to have an edge of the second
       (an edge of ' ' takes ASCII white space, as Py_UNICODE_ISSPACE) unless the child or the
       root ends a word (then anything may follow) */
    for (int c = 0; c < 128; c++) {
        uint32_t node = s.root_child[c];
        if (!node)
            continue;
        uint64_t *mask = s.second[c];
        mask[0] = mask[1] = 0;
        if (s.terminal[node] || s.terminal[0]) {
            mask[0] = mask[1] = ~(uint64_t)0;
            continue;
        }
        for (uint32_t e = s.first[node]; e < s.first[node + 1]; e++) {
            uint32_t next = s.chr[e];
            if (next == ' ') {
                for (int w = 0; w < 128; w++)
                    if (Py_UNICODE_ISSPACE(w))
                        mask[w >> 6] |= (uint64_t)1 << (w & 63);
            } else if (next < 128)
                mask[next >> 6] |= (uint64_t)1 << (next & 63);
        }
    }
    result = PyList_New(0);
    if (!result)
        goto done;
    /* at each position not after a word character ((?<!\w)): a walk, where a root edge may
       start; from a word character on, the rest of its word and the character after it (which
       follows a word character) are skipped */
    unsigned char ascii[128], word[128];
    scan_ascii_tables(ascii, word, fold);
    Py_ssize_t i = 0;
    while (i < s.len) {
        /* the positions where no match starts, skipped in one loop for each string kind */
        if (s.kind == PyUnicode_1BYTE_KIND)
            SKIP_NO_MATCH(Py_UCS1)
        else if (s.kind == PyUnicode_2BYTE_KIND)
            SKIP_NO_MATCH(Py_UCS2)
        else
            SKIP_NO_MATCH(Py_UCS4)
        if (i >= s.len)
            break;
        Py_UCS4 c = scan_char(&s, i);
        int starts_here = !(c < 128 && skip[c]);
        if (starts_here && c < 128 && s.root_child[c] && !other_starts && i + 1 < s.len) {
            /* most words start with a letter some office word starts with: the next one tells */
            Py_UCS4 next = scan_char(&s, i + 1);
            starts_here = next >= 128 || (s.second[c][next >> 6] >> (next & 63) & 1);
        }
        if (starts_here) {
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
                    if (is_word(scan_char(&s, end - 1)))
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

/* -- repeated-block's corpus index (rules/repeated_block/corpus.py) ---------------------- */

/* paragraph_prints(words, shingle, sample): (whether every word is ASCII, fingerprints(words,
   shingle, sample) + [exact_hash(words)]): what `summary` keeps of a paragraph, in one pass over
   its words; None to decline (a word UTF-8 cannot encode) */
static PyObject *paragraph_prints(PyObject *self, PyObject *args) {
    PyObject *words;
    Py_ssize_t shingle, sample;
    if (!PyArg_ParseTuple(args, "Onn", &words, &shingle, &sample))
        return NULL;
    if (!PyList_Check(words) || shingle < 1 || sample < 1 || PyList_GET_SIZE(words) < 1) {
        Py_RETURN_NONE;
    }
    Py_ssize_t n = PyList_GET_SIZE(words);
    int ascii = 1;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *w = PyList_GET_ITEM(words, k);
        if (!PyUnicode_Check(w))
            Py_RETURN_NONE;
        if (!PyUnicode_IS_ASCII(w))
            ascii = 0;
    }
    view *views = PyMem_Malloc(sizeof(view) * (size_t)n);
    if (views == NULL)
        return PyErr_NoMemory();
    if (!utf8_views(words, views, n)) {
        PyMem_Free(views);
        Py_RETURN_NONE;
    }
    PyObject *found = PyList_New(0), *result = NULL;
    uint32_t exact;
    if (found == NULL || !append_prints(views, n, shingle, sample, found, &exact))
        goto done;
    PyObject *h = PyLong_FromUnsignedLong(exact);
    if (h == NULL || PyList_Append(found, h) < 0) {
        Py_XDECREF(h);
        goto done;
    }
    Py_DECREF(h);
    result = Py_BuildValue("(OO)", ascii ? Py_True : Py_False, found);
done:
    Py_XDECREF(found);
    PyMem_Free(views);
    return result;
}

/* A read-only (or writable) buffer of 4- or 8-byte unsigned items; 0 (no error set) to decline */
static int corpus_buffer(PyObject *obj, Py_buffer *view, Py_ssize_t itemsize, int writable) {
    if (PyObject_GetBuffer(obj, view, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS | (writable ? PyBUF_WRITABLE : 0)) < 0) {
        PyErr_Clear();
        return 0;
    }
    const char *want = itemsize == 1 ? "B" : itemsize == 4 ? "I" : "Q";
    if (view->itemsize != itemsize || !view->format || strcmp(view->format, want)) {
        PyBuffer_Release(view);
        return 0;
    }
    return 1;
}

/* sort a bucket of (fingerprint << 32 | paragraph) values that all share the fingerprint's top
   16 bits and come in ascending paragraph order: a stable sort on the fingerprint's low 16 bits
   (two byte passes) gives the ascending order */
static void corpus_sort_bucket(uint64_t *v, Py_ssize_t n, uint64_t *tmp) {
    if (n < 48) {
        for (Py_ssize_t i = 1; i < n; i++) {
            uint64_t x = v[i];
            Py_ssize_t j = i;
            while (j > 0 && v[j - 1] > x) {
                v[j] = v[j - 1];
                j--;
            }
            v[j] = x;
        }
        return;
    }
    for (int shift = 32; shift <= 40; shift += 8) {
        Py_ssize_t count[257] = {0};
        uint64_t *from = shift == 32 ? v : tmp, *to = shift == 32 ? tmp : v;
        for (Py_ssize_t i = 0; i < n; i++)
            count[((from[i] >> shift) & 0xFF) + 1]++;
        for (int d = 0; d < 256; d++)
            count[d + 1] += count[d];
        for (Py_ssize_t i = 0; i < n; i++)
            to[count[(from[i] >> shift) & 0xFF]++] = from[i];
    }
}

typedef struct {
    uint64_t *v;
    Py_ssize_t n, cap;
} corpus_keys;

static int corpus_push(corpus_keys *k, uint64_t value) {
    if (k->n == k->cap) {
        Py_ssize_t cap = k->cap ? k->cap * 2 : 1024;
        uint64_t *grown = PyMem_Realloc(k->v, sizeof(uint64_t) * (size_t)cap);
        if (!grown)
            return -1;
        k->v = grown;
        k->cap = cap;
    }
    k->v[k->n++] = value;
    return 0;
}

/* corpus_index(prints, print_start, doc_of, rank, postings, holders, hub_sample, hub_shared):
   Corpus.build_index. Fills `postings` (array of "Q", one item a fingerprint) with the sorted
   (fingerprint << 32 | paragraph) values; returns (bytes of the sorted pair keys a << 32 | b,
   bytes of the count of fingerprints only the two hold, per key, as "I"); None to decline. */
static PyObject *corpus_index(PyObject *self, PyObject *args) {
    PyObject *prints_obj, *start_obj, *doc_obj, *rank_obj, *postings_obj;
    Py_ssize_t holders;
    unsigned long hub_sample, hub_shared;
    if (!PyArg_ParseTuple(args, "OOOOOnkk", &prints_obj, &start_obj, &doc_obj, &rank_obj, &postings_obj, &holders,
                          &hub_sample, &hub_shared))
        return NULL;
    Py_buffer pb = {0}, sb = {0}, db = {0}, rb = {0}, vb = {0};
    PyObject *result = NULL;
    Py_ssize_t *offset = NULL;
    uint64_t *tmp = NULL;
    uint32_t *seen = NULL;
    corpus_keys twice = {0}, hubs = {0};
    if (!corpus_buffer(prints_obj, &pb, 4, 0) || !corpus_buffer(start_obj, &sb, 4, 0) || !corpus_buffer(doc_obj, &db, 4, 0)
        || !corpus_buffer(rank_obj, &rb, 4, 0) || !corpus_buffer(postings_obj, &vb, 8, 1))
        goto decline;
    const uint32_t *prints = pb.buf, *start = sb.buf, *doc_of = db.buf, *rank = rb.buf;
    uint64_t *v = vb.buf;
    Py_ssize_t nprints = pb.len / 4, paragraphs = sb.len / 4 - 1, ndocs = rb.len / 4;
    if (paragraphs < 0 || db.len / 4 < paragraphs || vb.len / 8 != nprints || holders < 2)
        goto decline;
    if (paragraphs >= 0 && (start[0] != 0 || start[paragraphs] != (uint64_t)nprints))
        goto decline;
    for (Py_ssize_t p = 0; p < paragraphs; p++)
        if (start[p] > start[p + 1] || doc_of[p] >= (uint64_t)ndocs)
            goto decline;
    offset = PyMem_Calloc(65537, sizeof(Py_ssize_t));
    if (!offset)
        goto nomemory;
    for (Py_ssize_t k = 0; k < nprints; k++)
        offset[(prints[k] >> 16) + 1]++;
    Py_ssize_t largest = 0;
    for (Py_ssize_t n = 0; n < 65536; n++) {
        if (offset[n + 1] > largest)
            largest = offset[n + 1];
        offset[n + 1] += offset[n];
    }
    for (Py_ssize_t p = 0; p < paragraphs; p++)
        for (uint32_t k = start[p]; k < start[p + 1]; k++)
            v[offset[prints[k] >> 16]++] = ((uint64_t)prints[k] << 32) | (uint64_t)p;
    tmp = PyMem_Malloc(sizeof(uint64_t) * (size_t)(largest + 1));
    if (!tmp)
        goto nomemory;
    for (Py_ssize_t n = 0, begin = 0; n < 65536; n++) { /* offset[n] is now where bucket n ends */
        corpus_sort_bucket(v + begin, offset[n] - begin, tmp);
        begin = offset[n];
    }
    seen = PyMem_Malloc(sizeof(uint32_t) * (size_t)(holders + 1));
    if (!seen)
        goto nomemory;
    for (Py_ssize_t k = 0; k < nprints;) {
        uint32_t key = (uint32_t)(v[k] >> 32);
        Py_ssize_t end = k + 1;
        while (end < nprints && (uint32_t)(v[end] >> 32) == key)
            end++;
        Py_ssize_t run = end - k;
        if (run == 2) { /* held exactly twice */
            uint32_t a = doc_of[(uint32_t)v[k]], b = doc_of[(uint32_t)v[k + 1]];
            if (a != b && corpus_push(&twice, a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a) < 0)
                goto nomemory;
        } else if (run >= 3 && holders > 2 && ((key & 1) || !(key & hub_sample))) {
            /* the articles holding it, in ascending order (the paragraphs are) */
            Py_ssize_t count = 0;
            for (Py_ssize_t i = k; i < end && count <= holders; i++) {
                uint32_t doc = doc_of[(uint32_t)v[i]];
                if (!count || seen[count - 1] != doc)
                    seen[count++] = doc;
            }
            if (count >= 2 && count <= holders) {
                uint32_t hub = seen[0];
                for (Py_ssize_t i = 1; i < count; i++)
                    if (rank[seen[i]] < rank[hub])
                        hub = seen[i];
                for (Py_ssize_t i = 0; i < count; i++) {
                    uint32_t other = seen[i];
                    if (other == hub)
                        continue;
                    uint64_t pair = hub < other ? (uint64_t)hub << 32 | other : (uint64_t)other << 32 | hub;
                    /* an exact hash (odd) counts twice */
                    if (corpus_push(&hubs, pair) < 0 || ((key & 1) && corpus_push(&hubs, pair) < 0))
                        goto nomemory;
                }
            }
        }
        k = end;
    }
    qsort(twice.v, (size_t)twice.n, sizeof(uint64_t), cmp_u64);
    qsort(hubs.v, (size_t)hubs.n, sizeof(uint64_t), cmp_u64);
    /* the pairs: every pair of `twice`, and a pair of `hubs` met hub_shared times or more */
    corpus_keys keys = {0}, counts = {0};
    Py_ssize_t i = 0, j = 0;
    while (i < twice.n || j < hubs.n) {
        uint64_t pair = i < twice.n && (j >= hubs.n || twice.v[i] <= hubs.v[j]) ? twice.v[i] : hubs.v[j];
        Py_ssize_t alone = 0, hub = 0;
        while (i < twice.n && twice.v[i] == pair)
            i++, alone++;
        while (j < hubs.n && hubs.v[j] == pair)
            j++, hub++;
        if (alone || (uint64_t)hub >= hub_shared) {
            if (corpus_push(&keys, pair) < 0 || corpus_push(&counts, (uint64_t)alone) < 0) {
                PyMem_Free(keys.v);
                PyMem_Free(counts.v);
                goto nomemory;
            }
        }
    }
    for (Py_ssize_t n = 0; n < counts.n; n++) /* as "I", in place */
        ((uint32_t *)counts.v)[n] = (uint32_t)counts.v[n];
    PyObject *key_bytes = PyBytes_FromStringAndSize((const char *)keys.v, keys.n * 8);
    PyObject *count_bytes = PyBytes_FromStringAndSize((const char *)counts.v, counts.n * 4);
    PyMem_Free(keys.v);
    PyMem_Free(counts.v);
    if (key_bytes && count_bytes)
        result = PyTuple_Pack(2, key_bytes, count_bytes);
    Py_XDECREF(key_bytes);
    Py_XDECREF(count_bytes);
    goto done;
nomemory:
    PyErr_NoMemory();
    goto done;
decline:
    result = Py_None;
    Py_INCREF(result);
done:
    PyMem_Free(offset);
    PyMem_Free(tmp);
    PyMem_Free(seen);
    PyMem_Free(twice.v);
    PyMem_Free(hubs.v);
    if (pb.obj) PyBuffer_Release(&pb);
    if (sb.obj) PyBuffer_Release(&sb);
    if (db.obj) PyBuffer_Release(&db);
    if (rb.obj) PyBuffer_Release(&rb);
    if (vb.obj) PyBuffer_Release(&vb);
    return result;
}

/* the end of the run of postings of one fingerprint that starts at `from`, and (in *docs, at
   most limit + 1) how many articles hold it */
static Py_ssize_t corpus_run(const uint64_t *v, Py_ssize_t nv, const uint32_t *doc_of, Py_ssize_t from, Py_ssize_t limit,
                             Py_ssize_t *docs) {
    uint32_t key = (uint32_t)(v[from] >> 32), last = 0;
    Py_ssize_t count = 0, k = from;
    for (; k < nv && (uint32_t)(v[k] >> 32) == key; k++) {
        uint32_t doc = doc_of[(uint32_t)v[k]];
        if (count <= limit && (!count || doc != last))
            count++, last = doc;
    }
    *docs = count;
    return k;
}

/* whether postings[i:j] and postings[k:l] are held by the same articles */
static int corpus_same_docs(const uint64_t *v, const uint32_t *doc_of, Py_ssize_t i, Py_ssize_t j, Py_ssize_t k, Py_ssize_t l) {
    while (i < j && k < l) {
        uint32_t x = doc_of[(uint32_t)v[i]], y = doc_of[(uint32_t)v[k]];
        if (x != y)
            return 0;
        while (i < j && doc_of[(uint32_t)v[i]] == x)
            i++;
        while (k < l && doc_of[(uint32_t)v[k]] == y)
            k++;
    }
    return i == j && k == l;
}

typedef struct {
    Py_ssize_t from, to, weight;
} corpus_group;

/* corpus_gate(keys, alone, postings, doc_of, ndocs, needed, cap, pair_holders[, within]): the pair
   keys (bytes, "Q") of the candidate pairs that may share a passage: those with `needed`
   fingerprints only the two hold (`alone`), or `needed` of `_passage_prints`; None to decline.
   With `within` (a byte an article), only the pairs whose two bytes add up to 2 or more.
   Only fingerprints that 2 to `pair_holders` articles hold in at most `cap` postings count
   there: per article, the runs of postings of those (where each starts, ascending as the
   fingerprints) are listed first, and a pair's shared ones found by merging two lists. */
static PyObject *corpus_gate(PyObject *self, PyObject *args) {
    PyObject *keys_obj, *alone_obj, *postings_obj, *doc_obj, *within_obj = Py_None;
    Py_ssize_t ndocs, needed, cap, pair_holders;
    if (!PyArg_ParseTuple(args, "OOOOnnnn|O", &keys_obj, &alone_obj, &postings_obj, &doc_obj, &ndocs, &needed, &cap,
                          &pair_holders, &within_obj))
        return NULL;
    Py_buffer kb = {0}, ab = {0}, vb = {0}, db = {0}, wb = {0};
    PyObject *result = NULL;
    Py_ssize_t *listed = NULL, *fill = NULL;
    uint32_t *runs = NULL;
    corpus_group *groups = NULL;
    corpus_keys kept = {0};
    if (!corpus_buffer(keys_obj, &kb, 8, 0) || !corpus_buffer(alone_obj, &ab, 4, 0) || !corpus_buffer(postings_obj, &vb, 8, 0)
        || !corpus_buffer(doc_obj, &db, 4, 0) || (within_obj != Py_None && !corpus_buffer(within_obj, &wb, 1, 0)))
        goto decline;
    const unsigned char *within = within_obj != Py_None ? wb.buf : NULL;
    if (within && wb.len != ndocs)
        goto decline;
    const uint64_t *keys = kb.buf, *v = vb.buf;
    const uint32_t *alone = ab.buf, *doc_of = db.buf;
    Py_ssize_t nkeys = kb.len / 8, nv = vb.len / 8, paragraphs = db.len / 4;
    if (ab.len / 4 != nkeys || ndocs < 0 || nv >= (Py_ssize_t)UINT32_MAX || pair_holders < 2)
        goto decline;
    for (Py_ssize_t p = 0; p < paragraphs; p++)
        if (doc_of[p] >= (uint64_t)ndocs || (p && doc_of[p - 1] > doc_of[p]))
            goto decline;
    for (Py_ssize_t n = 0; n < nv; n++)
        if ((uint32_t)v[n] >= (uint64_t)paragraphs || (n && v[n - 1] > v[n]))
            goto decline;
    for (Py_ssize_t n = 0; n < nkeys; n++)
        if ((keys[n] >> 32) >= (uint64_t)ndocs || (uint32_t)keys[n] >= (uint64_t)ndocs)
            goto decline;
    listed = PyMem_Calloc((size_t)ndocs + 1, sizeof(Py_ssize_t));
    fill = PyMem_Calloc((size_t)ndocs + 1, sizeof(Py_ssize_t));
    Py_ssize_t room = 64;
    groups = PyMem_Malloc(sizeof(corpus_group) * (size_t)room);
    if (!listed || !fill || !groups)
        goto nomemory;
    for (int pass = 0; pass < 2; pass++) { /* count, then fill */
        for (Py_ssize_t k = 0, docs; k < nv;) {
            Py_ssize_t end = corpus_run(v, nv, doc_of, k, pair_holders, &docs);
            if (docs >= 2 && docs <= pair_holders && end - k <= cap) {
                uint32_t last = UINT32_MAX;
                for (Py_ssize_t i = k; i < end; i++) {
                    uint32_t doc = doc_of[(uint32_t)v[i]];
                    if (doc == last)
                        continue;
                    last = doc;
                    if (pass)
                        runs[listed[doc] + fill[doc]++] = (uint32_t)k;
                    else
                        listed[doc + 1]++;
                }
            }
            k = end;
        }
        if (!pass) {
            for (Py_ssize_t d = 0; d < ndocs; d++)
                listed[d + 1] += listed[d];
            runs = PyMem_Malloc(sizeof(uint32_t) * (size_t)(listed[ndocs] + 1));
            if (!runs)
                goto nomemory;
        }
    }
    for (Py_ssize_t n = 0; n < nkeys; n++) {
        uint32_t a = (uint32_t)(keys[n] >> 32), b = (uint32_t)keys[n];
        if (within && within[a] + within[b] < 2)
            continue;
        if ((Py_ssize_t)alone[n] < needed) {
            Py_ssize_t only = 0, ngroups = 0, best = 0;
            Py_ssize_t i = listed[a], i_end = listed[a + 1], j = listed[b], j_end = listed[b + 1];
            while (i < i_end && j < j_end) {
                if (runs[i] != runs[j]) {
                    if (runs[i] < runs[j]) i++; else j++;
                    continue;
                }
                Py_ssize_t from = runs[i], docs;
                i++, j++;
                Py_ssize_t weight = 1 + (Py_ssize_t)((v[from] >> 32) & 1);
                Py_ssize_t to = corpus_run(v, nv, doc_of, from, pair_holders, &docs);
                if (docs <= 2) {
                    only += weight; /* held by these two articles alone */
                    continue;
                }
                Py_ssize_t g = 0;
                while (g < ngroups && !corpus_same_docs(v, doc_of, groups[g].from, groups[g].to, from, to))
                    g++;
                if (g == ngroups) {
                    if (ngroups == room) {
                        corpus_group *grown = PyMem_Realloc(groups, sizeof(corpus_group) * (size_t)(2 * room));
                        if (!grown)
                            goto nomemory;
                        groups = grown;
                        room *= 2;
                    }
                    groups[ngroups++] = (corpus_group){from, to, 0};
                }
                groups[g].weight += weight;
                if (groups[g].weight > best)
                    best = groups[g].weight;
            }
            if (only + best < needed)
                continue;
        }
        if (corpus_push(&kept, keys[n]) < 0)
            goto nomemory;
    }
    result = PyBytes_FromStringAndSize((const char *)kept.v, kept.n * 8);
    goto done;
nomemory:
    PyErr_NoMemory();
    goto done;
decline:
    result = Py_None;
    Py_INCREF(result);
done:
    if (kb.obj) PyBuffer_Release(&kb);
    if (ab.obj) PyBuffer_Release(&ab);
    if (vb.obj) PyBuffer_Release(&vb);
    if (db.obj) PyBuffer_Release(&db);
    if (wb.obj) PyBuffer_Release(&wb);
    PyMem_Free(listed);
    PyMem_Free(fill);
    PyMem_Free(runs);
    PyMem_Free(groups);
    PyMem_Free(kept.v);
    return result;
}

/* -- repeated-block inside one article: cheap exact gates (area: the per-article check) ------ */

/* Whether a word holds no letter of a script whose letters are word units (text.UNIT_WEIGHT:
   Thai from U+0E00 on, Han, kana, Hangul...): every character below U+0E00 or in U+1E00-U+1FFF
   (Latin and Greek extended). Then text.word_equivalents counts it as one word. */
static int without_units(PyObject *word) {
    if (PyUnicode_MAX_CHAR_VALUE(word) < 0x0E00)
        return 1;
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(word); k++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        if (c >= 0x0E00 && (c < 0x1E00 || c >= 0x2000))
            return 0;
    }
    return 1;
}

/* The words of a list of word lists, one list after the other, into *out (PyMem, borrowed
   references); their number, -1 to decline (not a list of lists of str), -2 on error.
   *plain: whether no word holds a word unit (`without_units`). */
static Py_ssize_t flat_words(PyObject *lists, PyObject ***out, int *plain) {
    if (!PyList_Check(lists))
        return -1;
    Py_ssize_t n = 0, count = PyList_GET_SIZE(lists);
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *list = PyList_GET_ITEM(lists, k);
        if (!PyList_Check(list))
            return -1;
        n += PyList_GET_SIZE(list);
    }
    PyObject **w = PyMem_Malloc(sizeof(PyObject *) * (size_t)(n ? n : 1));
    if (!w) {
        PyErr_NoMemory();
        return -2;
    }
    Py_ssize_t at = 0;
    *plain = 1;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *list = PyList_GET_ITEM(lists, k);
        for (Py_ssize_t t = 0; t < PyList_GET_SIZE(list); t++) {
            PyObject *word = PyList_GET_ITEM(list, t);
            if (!PyUnicode_CheckExact(word)) {
                PyMem_Free(w);
                return -1;
            }
            if (*plain && !PyUnicode_IS_ASCII(word) && !without_units(word))
                *plain = 0;
            w[at++] = word;
        }
    }
    *out = w;
    return n;
}

/* local._chains over sorted seed pairs (i << 32 | j), with its gap and drift; the chains
   (lists of (i, j)) whose later side spans enough words for `min_words` (local.long_chains). A
   chain is a linked list of its seeds (`next`), from `head` to `tail`. */
static PyObject *chains_of(const uint64_t *pairs, Py_ssize_t count, Py_ssize_t n, Py_ssize_t seed,
                           Py_ssize_t min_words, Py_ssize_t gap, Py_ssize_t drift) {
    PyObject *result = NULL;
    Py_ssize_t *next = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)count);
    Py_ssize_t *head = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)count);
    Py_ssize_t *tail = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)count);
    Py_ssize_t diagonals = n + 2 * drift + 1; /* active[d + drift]: the chain on diagonal d */
    Py_ssize_t *active = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)diagonals);
    if (!next || !head || !tail || !active) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t d = 0; d < diagonals; d++)
        active[d] = -1;
    Py_ssize_t chains = 0;
#define SEED_I(p) ((Py_ssize_t)(pairs[p] >> 32))
#define SEED_J(p) ((Py_ssize_t)(pairs[p] & 0xFFFFFFFFu))
    for (Py_ssize_t p = 0; p < count; p++) {
        Py_ssize_t i = SEED_I(p), j = SEED_J(p), diagonal = j - i, best = -1;
        next[p] = -1;
        /* the diagonal first, then its neighbours: 0, -1, 1, -2, 2, ... */
        for (Py_ssize_t k = 0; k <= 2 * drift; k++) {
            Py_ssize_t shift = (k + 1) / 2 * (k % 2 ? -1 : 1), at = diagonal + shift + drift;
            if (at < 0 || at >= diagonals || active[at] < 0)
                continue;
            Py_ssize_t c = active[at], last = tail[c];
            Py_ssize_t li = SEED_I(last), lj = SEED_J(last);
            if (!(li < i && i <= li + gap + seed && lj < j && j <= lj + gap + seed))
                continue;
            if (i + seed > SEED_J(head[c])) {
                /* the first copy would run into the second: a new chain, unless a stray seed or
                   two opened this one */
                Py_ssize_t lead = 0, q = head[c], drop = 0;
                while (q >= 0 && SEED_J(q) < i + seed) {
                    if (SEED_J(q) - SEED_I(q) == diagonal)
                        drop = 1;
                    q = next[q];
                    lead++;
                }
                if (q < 0 || lead > 2 || drop)
                    continue;
                head[c] = q;
            }
            best = at;
            break;
        }
        Py_ssize_t c;
        if (best < 0) {
            c = chains++;
            head[c] = tail[c] = p;
        } else {
            c = active[best];
            active[best] = -1;
            next[tail[c]] = p;
            tail[c] = p;
        }
        active[diagonal + drift] = c;
    }
    result = PyList_New(0);
    for (Py_ssize_t c = 0; result && c < chains; c++) {
        if (2 * (SEED_J(tail[c]) + seed - SEED_J(head[c])) < min_words)
            continue;
        PyObject *chain = PyList_New(0);
        for (Py_ssize_t q = head[c]; chain && q >= 0; q = next[q]) {
            PyObject *pair = Py_BuildValue("(nn)", SEED_I(q), SEED_J(q));
            if (!pair || PyList_Append(chain, pair) < 0)
                Py_CLEAR(chain);
            Py_XDECREF(pair);
        }
        if (!chain || PyList_Append(result, chain) < 0)
            Py_CLEAR(result);
        Py_XDECREF(chain);
    }
#undef SEED_I
#undef SEED_J
done:
    PyMem_Free(next);
    PyMem_Free(head);
    PyMem_Free(tail);
    PyMem_Free(active);
    return result;
}

/* long_chains(word_lists, stopwords, partners, seed, min_words, gap, drift): local.long_chains
   over the words of the lists, one list after the other, for text without word units (`gap` and
   `drift` unscaled). None to decline: not lists of str, or seeds in text with word units (whose
   gaps and drifts scale with their script). */
static PyObject *long_chains(PyObject *self, PyObject *args) {
    PyObject *lists, *stopwords;
    Py_ssize_t partners, seed, min_words, gap, drift;
    if (!PyArg_ParseTuple(args, "OOnnnnn", &lists, &stopwords, &partners, &seed, &min_words, &gap, &drift))
        return NULL;
    PyObject **w = NULL;
    int plain;
    Py_ssize_t n = flat_words(lists, &w, &plain);
    if (n == -2)
        return NULL;
    if (n == -1 || n > 0x7FFFFFFF || drift < 0) {
        PyMem_Free(w);
        Py_RETURN_NONE;
    }
    uint64_t *pairs;
    Py_ssize_t count = pair_positions(w, n, stopwords, partners, seed, &pairs);
    PyMem_Free(w);
    if (count < 0)
        return NULL;
    PyObject *result;
    if (count == 0)
        result = PyList_New(0);
    else if (!plain)
        result = (Py_INCREF(Py_None), Py_None);
    else
        result = chains_of(pairs, count, n, seed, min_words, gap, drift);
    PyMem_Free(pairs);
    return result;
}

/* may_paraphrase(word_lists, function_words, min_words, raw_shared, raw_share, apart): whether
   some paragraph and one of the `apart` before it, both of `min_words` words or more, share
   `raw_shared` distinct words outside `function_words`, and `raw_share` of the fewer
   (paraphrase.may_paraphrase). None to decline (not lists of str).

   One table of the article's distinct words (open addressing on their str hash; equal words by
   `==`), each with the last paragraph it was seen in and a link to its previous paragraph;
   each new (word, paragraph) adds one to the count of words that paragraph shares with each of
   the word's paragraphs `apart` or fewer before it: `shared[j * apart + (j - i - 1)]`. */
typedef struct { PyObject *word; Py_hash_t hash; Py_ssize_t last; int content; } entry;

static PyObject *may_paraphrase(PyObject *self, PyObject *args) {
    PyObject *lists, *function_words;
    Py_ssize_t min_words, raw_shared, apart;
    double raw_share;
    if (!PyArg_ParseTuple(args, "OOnndn", &lists, &function_words, &min_words, &raw_shared, &raw_share, &apart))
        return NULL;
    if (!PyList_Check(lists) || !PyAnySet_Check(function_words) || apart < 1)
        Py_RETURN_NONE;
    Py_ssize_t count = PyList_GET_SIZE(lists), total = 0, long_enough = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *list = PyList_GET_ITEM(lists, k);
        if (!PyList_Check(list))
            Py_RETURN_NONE;
        if (PyList_GET_SIZE(list) >= min_words) {
            total += PyList_GET_SIZE(list);
            long_enough++;
        }
    }
    if (long_enough < 2)
        Py_RETURN_FALSE;
    PyObject *result = NULL;
    Py_ssize_t size = 1;
    while (size < 2 * total)
        size <<= 1;
    entry *table = PyMem_Calloc((size_t)size, sizeof(entry));
    /* per (word, paragraph) seen: its paragraph and the same word's previous one */
    Py_ssize_t *para = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)total);
    Py_ssize_t *before = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)total);
    Py_ssize_t *distinct = PyMem_Calloc((size_t)count, sizeof(Py_ssize_t));
    Py_ssize_t *shared = PyMem_Calloc((size_t)count * (size_t)apart, sizeof(Py_ssize_t));
    if (!table || !para || !before || !distinct || !shared) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t seen = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *list = PyList_GET_ITEM(lists, k);
        distinct[k] = -1; /* too short: takes no part */
        if (PyList_GET_SIZE(list) < min_words)
            continue;
        distinct[k] = 0;
        for (Py_ssize_t t = 0; t < PyList_GET_SIZE(list); t++) {
            PyObject *word = PyList_GET_ITEM(list, t);
            if (!PyUnicode_CheckExact(word)) {
                result = (Py_INCREF(Py_None), Py_None);
                goto done;
            }
            Py_hash_t hash = PyObject_Hash(word);
            if (hash == -1 && PyErr_Occurred())
                goto done;
            size_t at = (size_t)hash & (size_t)(size - 1);
            entry *e;
            for (;;) {
                e = &table[at];
                if (e->word == NULL)
                    break;
                if (e->hash == hash) {
                    int eq = e->word == word ? 1 : PyObject_RichCompareBool(e->word, word, Py_EQ);
                    if (eq < 0)
                        goto done;
                    if (eq)
                        break;
                }
                at = (at + 1) & (size_t)(size - 1);
            }
            if (e->word == NULL) {
                int in = PySet_Contains(function_words, word);
                if (in < 0)
                    goto done;
                e->word = word;
                e->hash = hash;
                e->content = !in;
                e->last = -1;
            }
            if (!e->content || (e->last >= 0 && para[e->last] == k))
                continue; /* a function word, or seen in this paragraph already */
            para[seen] = k;
            before[seen] = e->last;
            for (Py_ssize_t q = e->last; q >= 0 && k - para[q] <= apart; q = before[q])
                shared[k * apart + (k - para[q] - 1)]++;
            e->last = seen++;
            distinct[k]++;
        }
    }
    int any = 0;
    for (Py_ssize_t j = 0; j < count && !any; j++) {
        if (distinct[j] < raw_shared)
            continue;
        for (Py_ssize_t i = j - apart > 0 ? j - apart : 0; i < j; i++) {
            if (distinct[i] < 0)
                continue;
            Py_ssize_t both = shared[j * apart + (j - i - 1)];
            Py_ssize_t fewer = distinct[i] < distinct[j] ? distinct[i] : distinct[j];
            if (both >= raw_shared && !((double)both < raw_share * (double)fewer)) {
                any = 1;
                break;
            }
        }
    }
    result = PyBool_FromLong(any);
done:
    PyMem_Free(table);
    PyMem_Free(para);
    PyMem_Free(before);
    PyMem_Free(distinct);
    PyMem_Free(shared);
    return result;
}

/* -- the focus index (pipeline/focus.py) ------------------------------------------------------
   focus_scan(data, wanted): the byte offsets of the records of `data` (a focus index file: records
   of [u32 key count][u32 path bytes][the path, padded to 4 bytes][the keys, u32 each], native
   byte order) that hold at least one of `wanted` (an array('I') sorted without repeats).
   ValueError for a file that does not parse (the index is then not used). Twin:
   focus.scan_records. A bitmap of the keys' low 20 bits lets almost every key go after one test. */
#define FOCUS_BITS 20
static int focus_wanted(const uint32_t *wanted, Py_ssize_t n, uint32_t key) {
    Py_ssize_t low = 0, high = n;
    while (low < high) {
        Py_ssize_t mid = low + (high - low) / 2;
        if (wanted[mid] < key)
            low = mid + 1;
        else
            high = mid;
    }
    return low < n && wanted[low] == key;
}

static PyObject *focus_scan(PyObject *self, PyObject *args) {
    Py_buffer data = {0}, keys = {0};
    if (!PyArg_ParseTuple(args, "y*y*", &data, &keys))
        return NULL;
    PyObject *result = NULL;
    uint8_t *bitmap = NULL;
    const uint32_t *wanted = keys.buf;
    Py_ssize_t nwanted = keys.len / 4;
    if (keys.len % 4) {
        PyErr_SetString(PyExc_ValueError, "focus_scan: the wanted keys are not 32-bit numbers");
        goto done;
    }
    bitmap = PyMem_Calloc((size_t)1 << (FOCUS_BITS - 3), 1);
    result = PyList_New(0);
    if (bitmap == NULL || result == NULL) {
        Py_CLEAR(result);
        if (bitmap == NULL)
            PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < nwanted; i++) {
        uint32_t bit = wanted[i] & ((1u << FOCUS_BITS) - 1);
        bitmap[bit >> 3] |= (uint8_t)(1u << (bit & 7));
    }
    const uint8_t *bytes = data.buf;
    Py_ssize_t size = data.len, at = 0;
    while (at < size) {
        uint32_t head[2];
        if (size - at < 8)
            goto malformed;
        memcpy(head, bytes + at, 8);
        Py_ssize_t padded = ((Py_ssize_t)head[1] + 3) / 4 * 4;
        Py_ssize_t start = at + 8 + padded;
        if (padded > size - at - 8 || (Py_ssize_t)head[0] > (size - start) / 4)
            goto malformed;
        for (Py_ssize_t k = 0; k < (Py_ssize_t)head[0]; k++) {
            uint32_t key;
            memcpy(&key, bytes + start + 4 * k, 4);
            uint32_t bit = key & ((1u << FOCUS_BITS) - 1);
            if ((bitmap[bit >> 3] >> (bit & 7) & 1) && focus_wanted(wanted, nwanted, key)) {
                PyObject *offset = PyLong_FromSsize_t(at);
                if (offset == NULL || PyList_Append(result, offset) < 0) {
                    Py_XDECREF(offset);
                    Py_CLEAR(result);
                    goto done;
                }
                Py_DECREF(offset);
                break;
            }
        }
        at = start + 4 * (Py_ssize_t)head[0];
    }
    goto done;
malformed:
    Py_CLEAR(result);
    PyErr_SetString(PyExc_ValueError, "focus_scan: not a focus index");
done:
    PyMem_Free(bitmap);
    PyBuffer_Release(&data);
    PyBuffer_Release(&keys);
    return result;
}

/* -- repeated-block's corpus pass: comparing a candidate pair of articles ------------------- */

static Py_ssize_t lower_bound_u64(const uint64_t *v, Py_ssize_t n, uint64_t key) {
    Py_ssize_t low = 0, high = n;
    while (low < high) {
        Py_ssize_t mid = low + (high - low) / 2;
        if (v[mid] < key)
            low = mid + 1;
        else
            high = mid;
    }
    return low;
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* ascending; a paragraph's few dozen fingerprints by insertion, more by qsort */
static void sort_u32(uint32_t *v, Py_ssize_t n) {
    if (n > 32) {
        qsort(v, (size_t)n, sizeof(uint32_t), cmp_u32);
        return;
    }
    for (Py_ssize_t i = 1; i < n; i++) {
        uint32_t x = v[i];
        Py_ssize_t k = i;
        for (; k > 0 && v[k - 1] > x; k--)
            v[k] = v[k - 1];
        v[k] = x;
    }
}

static int dict_put_numbers(PyObject *dict, Py_ssize_t key, Py_ssize_t value) {
    PyObject *k = PyLong_FromSsize_t(key), *v = PyLong_FromSsize_t(value);
    int status = k && v ? PyDict_SetItem(dict, k, v) : -1;
    Py_XDECREF(k);
    Py_XDECREF(v);
    return status;
}

/* The fingerprints of `shared` (an iterable of ints) into an array: 1, or 0 to decline (an
   item that is no fingerprint), -1 on an error */
static int fingerprints_of(PyObject *shared, uint32_t **out, Py_ssize_t *count) {
    PyObject *iterator = PyObject_GetIter(shared), *item;
    Py_ssize_t room = 0;
    *out = NULL, *count = 0;
    if (iterator == NULL) {
        PyErr_Clear();
        return 0;
    }
    while ((item = PyIter_Next(iterator)) != NULL) {
        unsigned long long fp = PyLong_Check(item) ? PyLong_AsUnsignedLongLong(item) : (unsigned long long)-1;
        Py_DECREF(item);
        if (PyErr_Occurred() || fp > UINT32_MAX)
            break;
        if (*count == room) {
            room = room ? room * 2 : 64;
            uint32_t *grown = PyMem_Realloc(*out, sizeof(uint32_t) * (size_t)room);
            if (grown == NULL) {
                Py_DECREF(iterator);
                PyErr_NoMemory();
                return -1;
            }
            *out = grown;
        }
        (*out)[(*count)++] = (uint32_t)fp;
    }
    Py_DECREF(iterator);
    if (item != NULL || PyErr_Occurred()) {
        PyErr_Clear();
        return 0;
    }
    return 1;
}

/* where the postings of a fingerprint are: [*from, *to) */
static void postings_of(const uint64_t *v, Py_ssize_t nv, uint32_t fp, Py_ssize_t *from, Py_ssize_t *to) {
    *from = lower_bound_u64(v, nv, (uint64_t)fp << 32);
    *to = fp == UINT32_MAX ? nv : lower_bound_u64(v, nv, ((uint64_t)fp + 1) << 32);
}

/* corpus._held_at_uncached, into arrays: per article with a paragraph holding `need` or more of
   the fingerprints, its paragraph holding the most (of two holding as many, the first), in
   article order (*docs, *paras, *count: freed by the caller). 1, 0 to decline, -1 on an error. */
static int held_where(const uint64_t *v, Py_ssize_t nv, const uint32_t *doc_of, Py_ssize_t paragraphs,
                      const uint32_t *fps, Py_ssize_t nfps, double need, uint32_t **docs, uint32_t **paras, Py_ssize_t *count) {
    uint32_t *held = NULL; /* per fingerprint, the paragraphs holding it, once each */
    Py_ssize_t nheld = 0, room = 0;
    *docs = *paras = NULL, *count = 0;
    for (Py_ssize_t f = 0; f < nfps; f++) {
        Py_ssize_t from, to;
        postings_of(v, nv, fps[f], &from, &to);
        for (Py_ssize_t k = from; k < to; k++) {
            uint32_t paragraph = (uint32_t)v[k];
            if (k > from && paragraph == (uint32_t)v[k - 1])
                continue; /* sorted: a paragraph holding the fingerprint twice comes twice in a row */
            if ((Py_ssize_t)paragraph >= paragraphs) {
                PyMem_Free(held);
                return 0;
            }
            if (nheld == room) {
                room = room ? room * 2 : 256;
                uint32_t *grown = PyMem_Realloc(held, sizeof(uint32_t) * (size_t)room);
                if (grown == NULL) {
                    PyMem_Free(held);
                    PyErr_NoMemory();
                    return -1;
                }
                held = grown;
            }
            held[nheld++] = paragraph;
        }
    }
    sort_u32(held, nheld);
    *docs = PyMem_Malloc(sizeof(uint32_t) * (size_t)(nheld + 1));
    *paras = PyMem_Malloc(sizeof(uint32_t) * (size_t)(nheld + 1));
    if (*docs == NULL || *paras == NULL) {
        PyMem_Free(held);
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t best_times = 0;
    for (Py_ssize_t k = 0; k < nheld;) {
        Py_ssize_t end = k;
        while (end < nheld && held[end] == held[k])
            end++;
        Py_ssize_t times = end - k;
        uint32_t paragraph = held[k], doc = doc_of[paragraph];
        k = end;
        if ((double)times < need)
            continue;
        if (*count && doc < (*docs)[*count - 1]) {
            PyMem_Free(held);
            return 0; /* articles' paragraphs not numbered in article order */
        }
        if (!*count || doc != (*docs)[*count - 1]) {
            (*docs)[*count] = doc, (*paras)[*count] = paragraph, best_times = times;
            (*count)++;
        } else if (times > best_times) {
            (*paras)[*count - 1] = paragraph, best_times = times;
        }
    }
    PyMem_Free(held);
    return 1;
}

/* corpus._held_at_uncached: {article: paragraph} (see held_where) for the fingerprints of
   `shared` (an iterable of ints). `postings`: array('Q') of sorted (fingerprint << 32 |
   paragraph); `doc_of`: array('I'), per paragraph its article. None for input it declines
   (the twin then answers). */
static PyObject *corpus_held_at(PyObject *self, PyObject *args) {
    PyObject *postings_obj, *doc_obj, *shared, *result = NULL;
    double need;
    if (!PyArg_ParseTuple(args, "OOOd", &postings_obj, &doc_obj, &shared, &need))
        return NULL;
    Py_buffer vb = {0}, db = {0};
    uint32_t *fps = NULL, *docs = NULL, *paras = NULL;
    Py_ssize_t nfps = 0, count = 0;
    int status = 0;
    if (corpus_buffer(postings_obj, &vb, 8, 0)) {
        if (corpus_buffer(doc_obj, &db, 4, 0)) {
            status = fingerprints_of(shared, &fps, &nfps);
            if (status == 1)
                status = held_where(vb.buf, vb.len / 8, db.buf, db.len / 4, fps, nfps, need, &docs, &paras, &count);
            PyBuffer_Release(&db);
        }
        PyBuffer_Release(&vb);
    }
    if (status == 1 && (result = PyDict_New()) != NULL) {
        for (Py_ssize_t k = 0; k < count; k++)
            if (dict_put_numbers(result, docs[k], paras[k]) < 0) {
                Py_CLEAR(result);
                break;
            }
    } else if (status == 0) {
        result = Py_None;
        Py_INCREF(result);
    }
    PyMem_Free(fps);
    PyMem_Free(docs);
    PyMem_Free(paras);
    return result;
}

/* len(corpus._evidence(shared)): how many fingerprints of `shared` only the articles holding the
   passage hold (`held_where` with `need`, a share of them in one paragraph): all of them
   when each is held by exactly two articles; none held in more than `cap` postings (a common
   phrase) counts. None to decline. */
static PyObject *corpus_evidence(PyObject *self, PyObject *args) {
    PyObject *postings_obj, *doc_obj, *shared, *result = NULL;
    double need;
    Py_ssize_t cap;
    if (!PyArg_ParseTuple(args, "OOOdn", &postings_obj, &doc_obj, &shared, &need, &cap))
        return NULL;
    Py_buffer vb = {0}, db = {0};
    uint32_t *fps = NULL, *docs = NULL, *paras = NULL;
    Py_ssize_t nfps = 0, count = 0, found = 0;
    int status = 0;
    if (corpus_buffer(postings_obj, &vb, 8, 0)) {
        if (corpus_buffer(doc_obj, &db, 4, 0)) {
            const uint64_t *v = vb.buf;
            const uint32_t *doc_of = db.buf;
            Py_ssize_t nv = vb.len / 8, paragraphs = db.len / 4;
            status = fingerprints_of(shared, &fps, &nfps);
            int pairs_only = 1; /* every fingerprint held by exactly two articles */
            for (Py_ssize_t f = 0; status == 1 && f < nfps && pairs_only; f++) {
                Py_ssize_t from, to, distinct = 0;
                postings_of(v, nv, fps[f], &from, &to);
                if (to - from > cap) {
                    pairs_only = 0;
                    break;
                }
                for (Py_ssize_t k = from; k < to; k++) {
                    if ((Py_ssize_t)(uint32_t)v[k] >= paragraphs) {
                        status = 0;
                        break;
                    }
                    distinct += k == from || doc_of[(uint32_t)v[k]] != doc_of[(uint32_t)v[k - 1]];
                }
                pairs_only = distinct == 2;
            }
            if (status == 1 && pairs_only) {
                found = nfps;
            } else if (status == 1) {
                status = held_where(v, nv, doc_of, paragraphs, fps, nfps, need, &docs, &paras, &count);
                for (Py_ssize_t f = 0; status == 1 && f < nfps; f++) {
                    Py_ssize_t from, to, inside = 1;
                    postings_of(v, nv, fps[f], &from, &to);
                    if (to - from > cap)
                        continue;
                    for (Py_ssize_t k = from; k < to && inside; k++) {
                        uint32_t doc = doc_of[(uint32_t)v[k]];
                        Py_ssize_t low = 0, high = count;
                        while (low < high) {
                            Py_ssize_t mid = low + (high - low) / 2;
                            if (docs[mid] < doc)
                                low = mid + 1;
                            else
                                high = mid;
                        }
                        inside = low < count && docs[low] == doc;
                    }
                    found += inside;
                }
            }
            PyBuffer_Release(&db);
        }
        PyBuffer_Release(&vb);
    }
    if (status == 1)
        result = PyLong_FromSsize_t(found);
    else if (status == 0) {
        result = Py_None;
        Py_INCREF(result);
    }
    PyMem_Free(fps);
    PyMem_Free(docs);
    PyMem_Free(paras);
    return result;
}

/* corpus.first_candidates for paragraphs [a_first, a_stop) of the earlier article and
   [b_first, b_stop) of the later: the pairs (i, j) (i, j counted from each article's first
   paragraph; j, then i, ascending) where the later's paragraph j shares a fingerprint with some
   paragraph of the earlier, and paragraph i has its exact hash or shares `threshold` of the
   smaller one's fingerprints with it (each counted once). `prints`, `print_start`, `table`:
   the Corpus's arrays ('I'); `fields`, `exact_field`: the table's layout. None to decline. */
static PyObject *corpus_first_candidates(PyObject *self, PyObject *args) {
    PyObject *prints_obj, *start_obj, *table_obj;
    Py_ssize_t fields, exact_field, a_first, a_stop, b_first, b_stop;
    double threshold;
    if (!PyArg_ParseTuple(args, "OOOnnnnnnd", &prints_obj, &start_obj, &table_obj, &fields, &exact_field, &a_first,
                          &a_stop, &b_first, &b_stop, &threshold))
        return NULL;
    Py_buffer pb = {0}, sb = {0}, tb = {0};
    PyObject *result = NULL;
    uint32_t *sets = NULL; /* each paragraph's fingerprints, sorted, each once */
    Py_ssize_t *at = NULL, *size = NULL, *shared = NULL;
    if (!corpus_buffer(prints_obj, &pb, 4, 0))
        Py_RETURN_NONE;
    if (!corpus_buffer(start_obj, &sb, 4, 0)) {
        PyBuffer_Release(&pb);
        Py_RETURN_NONE;
    }
    if (!corpus_buffer(table_obj, &tb, 4, 0)) {
        PyBuffer_Release(&pb);
        PyBuffer_Release(&sb);
        Py_RETURN_NONE;
    }
    const uint32_t *prints = pb.buf, *start = sb.buf, *table = tb.buf;
    Py_ssize_t nprints = pb.len / 4, nstart = sb.len / 4, ntable = tb.len / 4;
    Py_ssize_t na = a_stop - a_first, nb = b_stop - b_first, total = 0;
    if (fields < 1 || exact_field < 0 || exact_field >= fields || a_first < 0 || b_first < 0 || na < 0 || nb < 0
        || a_stop >= nstart || b_stop >= nstart || a_stop > ntable / fields || b_stop > ntable / fields)
        goto decline;
    for (Py_ssize_t n = 0; n < na + nb; n++) {
        Py_ssize_t p = n < na ? a_first + n : b_first + n - na;
        if (start[p] > start[p + 1] || start[p + 1] > (uint64_t)nprints)
            goto decline;
        total += start[p + 1] - start[p];
    }
    sets = PyMem_Malloc(sizeof(uint32_t) * (size_t)(total + 1));
    at = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(na + nb + 1));
    size = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(na + nb + 1));
    shared = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(na + 1));
    result = PyList_New(0);
    if (!sets || !at || !size || !shared || !result) {
        if (result)
            PyErr_NoMemory();
        goto error;
    }
    Py_ssize_t fill = 0;
    for (Py_ssize_t n = 0; n < na + nb; n++) {
        Py_ssize_t p = n < na ? a_first + n : b_first + n - na, length = start[p + 1] - start[p], kept = 0;
        uint32_t *set = sets + fill;
        memcpy(set, prints + start[p], sizeof(uint32_t) * (size_t)length);
        sort_u32(set, length);
        for (Py_ssize_t k = 0; k < length; k++)
            if (!kept || set[k] != set[kept - 1])
                set[kept++] = set[k];
        at[n] = fill, size[n] = kept;
        fill += length;
    }
    for (Py_ssize_t j = 0; j < nb; j++) {
        const uint32_t *fq = sets + at[na + j];
        Py_ssize_t lq = size[na + j], any = 0;
        for (Py_ssize_t i = 0; i < na; i++) {
            const uint32_t *fp = sets + at[i];
            Py_ssize_t lp = size[i], x = 0, y = 0, both = 0;
            while (x < lp && y < lq) {
                if (fp[x] < fq[y])
                    x++;
                else if (fp[x] > fq[y])
                    y++;
                else
                    both++, x++, y++;
            }
            shared[i] = both;
            any |= both > 0;
        }
        if (!any)
            continue; /* shares nothing with the earlier article */
        uint32_t exact_q = table[(b_first + j) * fields + exact_field];
        for (Py_ssize_t i = 0; i < na; i++) {
            Py_ssize_t smaller = size[i] < lq ? size[i] : lq;
            int exact = table[(a_first + i) * fields + exact_field] == exact_q;
            if (exact || (shared[i] && (double)shared[i] >= threshold * (double)smaller)) {
                PyObject *pair = Py_BuildValue("(nn)", i, j);
                if (pair == NULL || PyList_Append(result, pair) < 0) {
                    Py_XDECREF(pair);
                    goto error;
                }
                Py_DECREF(pair);
            }
        }
    }
    goto done;
decline:
    Py_CLEAR(result);
    result = Py_None;
    Py_INCREF(result);
    goto done;
error:
    Py_CLEAR(result);
done:
    PyMem_Free(sets);
    PyMem_Free(at);
    PyMem_Free(size);
    PyMem_Free(shared);
    PyBuffer_Release(&pb);
    PyBuffer_Release(&sb);
    PyBuffer_Release(&tb);
    return result;
}

/* -- parsing one article (document.py) -----------------------------------------------------
   text_paragraphs(text, at, line, wrap, block): the paragraphs of a plain-text body (twin:
   document._text_blocks_python), each made by block("paragraph", first line, last line (1-based),
   start, end, text).
   The body is text[at:], whose first line has the 0-based index `line`. Lines end at \r\n, \r
   or \n; a run of lines that show something (a character outside document.SHOWS_NOTHING) is one
   paragraph, or one paragraph a line when a line of it but the last is longer than `wrap`. */

/* split_lines(text): (lines, line starts, line endings) as document._split_lines_python makes
   them: a line ends at \r\n, \r or \n (its ending "\r\n", "\r" or "\n"); the text after the last
   line break is a line of its own (ending "") when it is not empty, or when there is no other. */
static PyObject *line_ending_strings[3]; /* "\n", "\r\n", "\r" */

/* (s27) the index of the first code unit `c` (below 256) of text[at:n], or n: memchr over the
   bytes for every kind (a byte `c` that is part of another code unit, as 0x0A of U+2E0A, is
   passed over), where a loop read a typographic quote's 2-byte text a character at a time */
static Py_ssize_t find_unit(int kind, const void *data, Py_ssize_t n, Py_ssize_t at, unsigned char c) {
    const char *bytes = data, *end = bytes + (Py_ssize_t)kind * n, *from = bytes + (Py_ssize_t)kind * at;
    while (from < end) {
        const char *found = memchr(from, c, (size_t)(end - from));
        if (found == NULL)
            return n;
        Py_ssize_t index = (found - bytes) / kind;
        if (PyUnicode_READ(kind, data, index) == c)
            return index;
        from = found + 1;
    }
    return n;
}

static int split_line_push(PyObject *lines, PyObject *starts, PyObject *endings, PyObject *text,
                           Py_ssize_t start, Py_ssize_t end, PyObject *ending) {
    PyObject *line = PyUnicode_Substring(text, start, end);
    PyObject *offset = PyLong_FromSsize_t(start);
    int failed = line == NULL || offset == NULL || PyList_Append(lines, line) < 0 || PyList_Append(starts, offset) < 0
                 || PyList_Append(endings, ending) < 0;
    Py_XDECREF(line);
    Py_XDECREF(offset);
    return failed ? -1 : 0;
}

static PyObject *split_lines(PyObject *self, PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "split_lines: a str");
        return NULL;
    }
    const char *spelt[3] = {"\n", "\r\n", "\r"};
    for (int k = 0; k < 3; k++)
        if (line_ending_strings[k] == NULL && (line_ending_strings[k] = PyUnicode_InternFromString(spelt[k])) == NULL)
            return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int has_cr = find_unit(kind, data, n, 0, '\r') < n;
    PyObject *lines = PyList_New(0), *starts = PyList_New(0), *endings = PyList_New(0);
    PyObject *empty = PyUnicode_New(0, 0);
    if (lines == NULL || starts == NULL || endings == NULL || empty == NULL)
        goto failed;
    Py_ssize_t at = 0;
    while (at < n) {
        Py_ssize_t end;
        if (!has_cr) {
            end = find_unit(kind, data, n, at, '\n');
        } else {
            end = at;
            while (end < n) {
                Py_UCS4 c = PyUnicode_READ(kind, data, end);
                if (c == '\n' || c == '\r')
                    break;
                end++;
            }
        }
        if (end == n)
            break; /* the text after the last line break */
        int ending = 0;
        if (PyUnicode_READ(kind, data, end) == '\r')
            ending = end + 1 < n && PyUnicode_READ(kind, data, end + 1) == '\n' ? 1 : 2;
        if (split_line_push(lines, starts, endings, text, at, end, line_ending_strings[ending]) < 0)
            goto failed;
        at = end + (ending == 1 ? 2 : 1);
    }
    if ((at < n || PyList_GET_SIZE(lines) == 0) && split_line_push(lines, starts, endings, text, at, n, empty) < 0)
        goto failed;
    Py_DECREF(empty);
    return Py_BuildValue("(NNN)", lines, starts, endings);
failed:
    Py_XDECREF(lines);
    Py_XDECREF(starts);
    Py_XDECREF(endings);
    Py_XDECREF(empty);
    return NULL;
}

/* document.SHOWS_NOTHING: what str.isspace() calls white space, and the invisible fillers */
static inline int shows_nothing(Py_UCS4 c) {
    if (c < 0x80)
        return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
    switch (c) {
    case 0x85: case 0xA0: case 0xAD: case 0x34F: case 0x61C: case 0x115F: case 0x1160: case 0x1680:
    case 0x180E: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x2060: case 0x2800:
    case 0x3000: case 0x3164: case 0xFEFF: case 0xFFA0:
        return 1;
    }
    return (c >= 0x2000 && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

typedef struct {
    Py_ssize_t line, start, end;
} shown_line;

/* the end of the line starting at `at` (its line break, or n), and in *shown whether a character
   of it shows something (only its first such character is looked for) */
#define LINE_END(TYPE)                                                                               \
    {                                                                                                \
        const TYPE *p = (const TYPE *)data;                                                          \
        Py_ssize_t i = at;                                                                           \
        while (i < n && p[i] != '\n' && p[i] != '\r' && shows_nothing(p[i]))                        \
            i++;                                                                                     \
        *shown = i < n && p[i] != '\n' && p[i] != '\r';                                              \
        if (*shown && !has_cr)                                                                       \
            return find_unit(kind, data, n, i, '\n');                                               \
        while (i < n && p[i] != '\n' && p[i] != '\r')                                                \
            i++;                                                                                     \
        return i;                                                                                    \
    }

static Py_ssize_t line_end(int kind, const void *data, Py_ssize_t n, Py_ssize_t at, int has_cr, int *shown) {
    if (kind == PyUnicode_1BYTE_KIND)
        LINE_END(Py_UCS1)
    if (kind == PyUnicode_2BYTE_KIND)
        LINE_END(Py_UCS2)
    LINE_END(Py_UCS4)
}
#undef LINE_END

/* (s27) document.Block made as its dataclass __init__ makes it, without running it: the object
   allocated and its six slots set (at the offsets their member descriptors give, read once). A
   Block by its Python __init__ cost more than the rest of the paragraph (about 1,300
   instructions). Only for a class whose slots are those six, in that order, and that has no
   __post_init__; any other `block` is called. */
static const char *block_fields[6] = {"kind", "start_line", "end_line", "start", "end", "text"};
static PyObject *block_class = NULL; /* the class the offsets are of (a strong reference) */
static Py_ssize_t block_offsets[6];
static PyObject *block_field(PyObject *block, int k, PyObject *name); /* (s29-c, below) */

static int block_class_known(PyObject *block) {
    if (block == block_class)
        return 1;
    if (!PyType_Check(block) || PyObject_HasAttrString(block, "__post_init__"))
        return 0;
    PyObject *slots = PyObject_GetAttrString(block, "__slots__");
    int known = slots != NULL && PyTuple_Check(slots) && PyTuple_GET_SIZE(slots) == 6;
    Py_ssize_t offsets[6];
    for (int k = 0; known && k < 6; k++) {
        PyObject *name = PyTuple_GET_ITEM(slots, k);
        PyObject *descriptor = PyUnicode_Check(name) && PyUnicode_CompareWithASCIIString(name, block_fields[k]) == 0
                               ? PyObject_GetAttr(block, name) : NULL;
        known = descriptor != NULL && Py_IS_TYPE(descriptor, &PyMemberDescr_Type)
                && ((PyMemberDescrObject *)descriptor)->d_member->type == T_OBJECT_EX
                && ((PyMemberDescrObject *)descriptor)->d_common.d_type == (PyTypeObject *)block;
        if (known)
            offsets[k] = ((PyMemberDescrObject *)descriptor)->d_member->offset;
        Py_XDECREF(descriptor);
    }
    Py_XDECREF(slots);
    PyErr_Clear();
    if (known) {
        Py_INCREF(block);
        Py_XSETREF(block_class, block);
        memcpy(block_offsets, offsets, sizeof offsets);
    }
    return known;
}

/* block(*args) of six new references (stolen, also on failure) */
static PyObject *make_block(PyObject *block, PyObject **args) {
    PyObject *made = NULL;
    if (block_class_known(block)) {
        made = ((PyTypeObject *)block)->tp_alloc((PyTypeObject *)block, 0);
        if (made != NULL) {
            for (int k = 0; k < 6; k++) {
                *(PyObject **)((char *)made + block_offsets[k]) = args[k];
                args[k] = NULL;
            }
        }
    } else {
        made = PyObject_Vectorcall(block, args, 6, NULL);
    }
    for (int k = 0; k < 6; k++)
        Py_XDECREF(args[k]);
    return made;
}

/* block("paragraph", first line, last line, start, end, text) appended to result; `lines`: the
   text's lines (or NULL), whose line is the text of a paragraph of one whole line (s27: not
   copied again) */
static int append_paragraph(PyObject *result, PyObject *block, PyObject *text, PyObject *lines,
                            const shown_line *first, const shown_line *last) {
    static PyObject *paragraph = NULL;
    if (paragraph == NULL && (paragraph = PyUnicode_InternFromString("paragraph")) == NULL)
        return -1;
    PyObject *own = NULL;
    if (lines != NULL && first == last && first->line < PyList_GET_SIZE(lines)) {
        own = PyList_GET_ITEM(lines, first->line);
        if (PyUnicode_Check(own) && PyUnicode_GET_LENGTH(own) == last->end - first->start)
            Py_INCREF(own);
        else
            own = NULL;
    }
    Py_INCREF(paragraph);
    PyObject *args[6] = {paragraph, PyLong_FromSsize_t(first->line + 1), PyLong_FromSsize_t(last->line + 1),
                         PyLong_FromSsize_t(first->start), PyLong_FromSsize_t(last->end),
                         own != NULL ? own : PyUnicode_Substring(text, first->start, last->end)};
    PyObject *made = NULL;
    if (args[1] != NULL && args[2] != NULL && args[3] != NULL && args[4] != NULL && args[5] != NULL)
        made = make_block(block, args);
    else
        for (int k = 0; k < 6; k++)
            Py_XDECREF(args[k]);
    if (made == NULL)
        return -1;
    int failed = PyList_Append(result, made);
    Py_DECREF(made);
    return failed;
}

static PyObject *text_paragraphs(PyObject *self, PyObject *args) {
    PyObject *text, *block, *lines = NULL;
    Py_ssize_t at, line, wrap;
    if (!PyArg_ParseTuple(args, "UnnnO|O!", &text, &at, &line, &wrap, &block, &PyList_Type, &lines))
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int has_cr = find_unit(kind, data, n, 0, '\r') < n;
    shown_line *shown = NULL;
    Py_ssize_t count = 0, capacity = 0;
    if (at < 0)
        at = 0;
    while (at < n) {
        int visible;
        Py_ssize_t end = line_end(kind, data, n, at, has_cr, &visible);
        if (visible) {
            if (count == capacity) {
                capacity = capacity ? 2 * capacity : 64;
                shown_line *grown = PyMem_Realloc(shown, (size_t)capacity * sizeof(shown_line));
                if (grown == NULL) {
                    PyMem_Free(shown);
                    return PyErr_NoMemory();
                }
                shown = grown;
            }
            shown[count].line = line;
            shown[count].start = at;
            shown[count].end = end;
            count++;
        }
        at = end + 1;
        if (end + 1 < n && PyUnicode_READ(kind, data, end) == '\r' && PyUnicode_READ(kind, data, end + 1) == '\n')
            at++;
        line++;
    }
    PyObject *result = PyList_New(0);
    for (Py_ssize_t i = 0; result != NULL && i < count;) {
        Py_ssize_t first = i, wide = 0;
        while (i + 1 < count && shown[i + 1].line == shown[i].line + 1) {
            wide |= shown[i].end - shown[i].start > wrap;
            i++;
        }
        Py_ssize_t last = i++;
        if (!wide) {
            if (append_paragraph(result, block, text, lines, shown + first, shown + last) < 0)
                Py_CLEAR(result);
            continue;
        }
        for (Py_ssize_t k = first; k <= last; k++) {
            if (append_paragraph(result, block, text, lines, shown + k, shown + k) < 0) {
                Py_CLEAR(result);
                break;
            }
        }
    }
    PyMem_Free(shown);
    return result;
}

/* -- title-role (rules/title_role/) ------------------------------------------------------ */

/* The ASCII members of two sets of words, for function_word_counts: an open-addressing table of
   (word, bit) entries keyed by FNV-1a; a word of both sets has both bits. */
#define FW_SLOTS 1024
#define FW_MAX 15
typedef struct { char word[FW_MAX + 1]; unsigned char len, bits; } fw_entry;

static uint32_t fw_hash(const char *w, Py_ssize_t len) {
    uint32_t h = 2166136261u;
    for (Py_ssize_t k = 0; k < len; k++)
        h = (h ^ (unsigned char)w[k]) * 16777619u;
    return h;
}

static fw_entry *fw_slot(fw_entry *table, const char *w, Py_ssize_t len) {
    uint32_t i = fw_hash(w, len) & (FW_SLOTS - 1);
    while (table[i].len && !(table[i].len == len && memcmp(table[i].word, w, (size_t)len) == 0))
        i = (i + 1) & (FW_SLOTS - 1);
    return &table[i];
}

/* Add the ASCII members of `words` with `bit`; 0 (decline) when one is longer than FW_MAX or the
   table would be more than half full. A member that is not ASCII never equals an ASCII word. */
static int fw_add(fw_entry *table, PyObject *words, unsigned char bit, Py_ssize_t *count, Py_ssize_t *longest) {
    Py_ssize_t pos = 0;
    PyObject *key;
    Py_hash_t hash;
    while (_PySet_NextEntry(words, &pos, &key, &hash)) {
        if (!PyUnicode_Check(key) || !PyUnicode_IS_ASCII(key))
            continue; /* never equal to a word of ASCII letters and digits */
        Py_ssize_t len = PyUnicode_GET_LENGTH(key);
        if (len == 0)
            continue;
        if (len > FW_MAX)
            return 0;
        const char *w = (const char *)PyUnicode_1BYTE_DATA(key);
        fw_entry *e = fw_slot(table, w, len);
        if (!e->len) {
            if (++*count > FW_SLOTS / 2)
                return 0;
            memcpy(e->word, w, (size_t)len);
            e->len = (unsigned char)len;
        }
        e->bits |= bit;
        if (len > *longest)
            *longest = len;
    }
    return 1;
}

/* the words of one sampled text of one kind: counts[0] all, counts[1] and counts[2] those of the
   first and second set */
static inline void fw_count_of(const void *data, int kind, Py_ssize_t n, fw_entry *table, Py_ssize_t longest,
                               Py_ssize_t *counts) {
    char buf[FW_MAX + 1];
    Py_ssize_t i = 0;
    while (i < n) {
        while (i < n && !ascii_word_char(PyUnicode_READ(kind, data, i)))
            i++;
        if (i >= n)
            break;
        Py_ssize_t start = i;
        while (i < n && ascii_word_char(PyUnicode_READ(kind, data, i)))
            i++;
        counts[0]++;
        Py_ssize_t len = i - start;
        if (len > longest)
            continue;
        for (Py_ssize_t k = 0; k < len; k++)
            buf[k] = (char)Py_TOLOWER(PyUnicode_READ(kind, data, start + k));
        fw_entry *e = fw_slot(table, buf, len);
        if (e->len) {
            counts[1] += (e->bits & 1) != 0;
            counts[2] += (e->bits & 2) != 0;
        }
    }
}

/* function_word_counts(texts, limit, first, second): title_role.language's sample of prose
   (the words of each text cut to what is left of `limit` characters, `limit` less each text's
   length, until nothing is left) as (how many words, how many in `first`, how many in
   `second`), the words as text.words gives them; None when a sampled text holds a character
   ascii_words declines (or a set is not a set of short words) */
static PyObject *function_word_counts(PyObject *self, PyObject *args) {
    PyObject *texts, *first, *second;
    Py_ssize_t limit;
    if (!PyArg_ParseTuple(args, "OnOO", &texts, &limit, &first, &second))
        return NULL;
    if (!PyList_Check(texts) || !PyAnySet_Check(first) || !PyAnySet_Check(second)) {
        Py_RETURN_NONE;
    }
    /* the table of the last two frozensets asked about, kept (with a reference to each, so that
       no other set can take their addresses) for the next call: the same two every time */
    static fw_entry fw_table[FW_SLOTS];
    static PyObject *fw_first = NULL, *fw_second = NULL;
    static Py_ssize_t fw_longest = 0;
    fw_entry *table = fw_table;
    if (first != fw_first || second != fw_second || !PyFrozenSet_CheckExact(first) || !PyFrozenSet_CheckExact(second)) {
        Py_CLEAR(fw_first);
        Py_CLEAR(fw_second);
        memset(fw_table, 0, sizeof(fw_table));
        Py_ssize_t count = 0, longest = 0;
        if (!fw_add(table, first, 1, &count, &longest) || !fw_add(table, second, 2, &count, &longest)) {
            memset(fw_table, 0, sizeof(fw_table));
            Py_RETURN_NONE;
        }
        fw_longest = longest;
        if (PyFrozenSet_CheckExact(first) && PyFrozenSet_CheckExact(second)) {
            Py_INCREF(first);
            Py_INCREF(second);
            fw_first = first;
            fw_second = second;
        }
    }
    Py_ssize_t longest = fw_longest, counts[3] = {0, 0, 0};
    Py_ssize_t left = limit;
    for (Py_ssize_t t = 0; t < PyList_GET_SIZE(texts); t++) {
        PyObject *text = PyList_GET_ITEM(texts, t);
        if (!PyUnicode_Check(text))
            goto decline;
        Py_ssize_t n = PyUnicode_GET_LENGTH(text);
        /* text[:left], as Python slices it (a negative `left` counts from the end) */
        Py_ssize_t cut = left >= 0 ? (left < n ? left : n) : (n + left > 0 ? n + left : 0);
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        if (!PyUnicode_IS_ASCII(text)) {
            for (Py_ssize_t i = 0; i < cut; i++) {
                Py_UCS4 c = PyUnicode_READ(kind, data, i);
                if (c >= 128 && !separator_mark(c))
                    goto decline;
            }
        }
        if (kind == PyUnicode_1BYTE_KIND)
            fw_count_of(data, PyUnicode_1BYTE_KIND, cut, table, longest, counts);
        else if (kind == PyUnicode_2BYTE_KIND)
            fw_count_of(data, PyUnicode_2BYTE_KIND, cut, table, longest, counts);
        else
            fw_count_of(data, PyUnicode_4BYTE_KIND, cut, table, longest, counts);
        left -= n;
        if (left <= 0)
            break;
    }
    return Py_BuildValue("(nnn)", counts[0], counts[1], counts[2]);
decline:
    Py_RETURN_NONE;
}

/* left_words(text, end, limit, abbreviations): titles._left_words, for words of ASCII and U+2019
   (the right single quote, an apostrophe inside words); None when the scan meets another
   character beyond ASCII (whether it belongs to a word is Python's to say) or `end` is out of
   the text. */
static inline int lw_space(Py_UCS4 c) { return c == ' ' || c == '\t' || c == '\n'; }

/* 1 for a word character, 0 for none, -1 to decline */
static inline int lw_word(Py_UCS4 c) {
    if (c < 128)
        return Py_ISALNUM(c) || c == '.' || c == '\'' || c == '&' || c == '/' || c == '-';
    return c == 0x2019 ? 1 : -1;
}

/* titles._abbreviation: the word without its final dots, lower-cased, holds a dot, is one
   character, or is one of `abbreviations`; -1 on error */
static int lw_abbreviation(PyObject *text, Py_ssize_t start, Py_ssize_t end, PyObject *abbreviations) {
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    while (end > start && PyUnicode_READ(kind, data, end - 1) == '.')
        end--;
    for (Py_ssize_t i = start; i < end; i++)
        if (PyUnicode_READ(kind, data, i) == '.')
            return 1;
    if (end - start == 1)
        return 1;
    Py_UCS4 *buf = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(end - start + 1));
    if (!buf) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        buf[i - start] = c < 128 ? (Py_UCS4)Py_TOLOWER(c) : c; /* ASCII and U+2019 only */
    }
    PyObject *bare = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, end - start);
    PyMem_Free(buf);
    if (!bare)
        return -1;
    int found = PySet_Contains(abbreviations, bare);
    Py_DECREF(bare);
    return found;
}

static PyObject *left_words(PyObject *self, PyObject *args) {
    PyObject *text, *abbreviations;
    Py_ssize_t end, limit;
    if (!PyArg_ParseTuple(args, "OnnO", &text, &end, &limit, &abbreviations))
        return NULL;
    if (!PyUnicode_Check(text) || !PyAnySet_Check(abbreviations) || end < 0 || end > PyUnicode_GET_LENGTH(text)) {
        Py_RETURN_NONE;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *found = PyList_New(0);
    if (!found)
        return NULL;
    Py_ssize_t position = end;
    for (Py_ssize_t step = 0; step < limit; step++) {
        Py_ssize_t cursor = position;
        int breaks = 0;
        while (cursor > 0 && lw_space(PyUnicode_READ(kind, data, cursor - 1))) {
            breaks += PyUnicode_READ(kind, data, cursor - 1) == '\n';
            cursor--;
        }
        if (breaks > 1 || (cursor == position && PyList_GET_SIZE(found)))
            break;
        Py_ssize_t word_end = cursor;
        while (cursor > 0) {
            int word = lw_word(PyUnicode_READ(kind, data, cursor - 1));
            if (word < 0)
                goto decline;
            if (!word)
                break;
            cursor--;
        }
        if (cursor == word_end)
            break;
        Py_UCS4 first = PyUnicode_READ(kind, data, cursor), last = PyUnicode_READ(kind, data, word_end - 1);
        if (first == '\'' || first == 0x2019 || first == '-' || first == '.')
            break; /* a quote mark or a dash glued to the word */
        if (last == '.') {
            int abbreviation = lw_abbreviation(text, cursor, word_end, abbreviations);
            if (abbreviation < 0)
                goto error;
            if (!abbreviation)
                break; /* the end of the sentence before */
        }
        PyObject *word = PyUnicode_Substring(text, cursor, word_end);
        PyObject *at = word ? PyLong_FromSsize_t(cursor) : NULL;
        PyObject *pair = at ? PyTuple_Pack(2, word, at) : NULL;
        Py_XDECREF(word);
        Py_XDECREF(at);
        if (!pair || PyList_Append(found, pair) < 0) {
            Py_XDECREF(pair);
            goto error;
        }
        Py_DECREF(pair);
        position = cursor;
    }
    return found;
decline:
    Py_DECREF(found);
    Py_RETURN_NONE;
error:
    Py_DECREF(found);
    return NULL;
}

/* capital_sentences(text, abbreviations): text.sentences(text, capital_after=True), the
   sentences of a title-role unit, for text of ASCII (no control character but white space) and
   the marks ‘ ’ “ ” – — …; None for any other text. */
static inline int cs_space(Py_UCS4 c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static inline int cs_capital(Py_UCS4 c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
static inline int cs_letter(Py_UCS4 c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
static inline int cs_closing(Py_UCS4 c) { return c == '"' || c == '\'' || c == 0x201D || c == 0x2019 || c == ')' || c == ']'; }
static inline int cs_opening(Py_UCS4 c) { return c == '"' || c == '\'' || c == 0x201C || c == 0x2018 || c == '(' || c == '['; }

/* whether the dot at `dot` ends an abbreviation, an initial or a dotted word (the word before
   it, within 12 characters: WORD_BEFORE_DOT); -1 on error */
static int cs_abbreviation(int kind, const void *data, Py_ssize_t dot, PyObject *abbreviations) {
    Py_ssize_t low = dot - 12 > 0 ? dot - 12 : 0, start = dot;
    while (start > low) {
        Py_UCS4 c = PyUnicode_READ(kind, data, start - 1);
        if (!cs_letter(c) && c != '.')
            break;
        start--;
    }
    Py_ssize_t len = dot - start;
    char buf[16];
    for (Py_ssize_t i = 0; i < len; i++)
        buf[i] = (char)Py_TOLOWER(PyUnicode_READ(kind, data, start + i));
    if (len == 1 && cs_letter((Py_UCS4)(unsigned char)buf[0]))
        return 1;
    /* DOTTED: letter, dot, letter ... ending in a letter */
    if (len >= 3 && len % 2 == 1) {
        int dotted = 1;
        for (Py_ssize_t i = 0; i < len && dotted; i++)
            dotted = i % 2 ? buf[i] == '.' : cs_letter((Py_UCS4)(unsigned char)buf[i]);
        if (dotted)
            return 1;
    }
    PyObject *word = PyUnicode_New(len, 127);
    if (!word)
        return -1;
    memcpy(PyUnicode_1BYTE_DATA(word), buf, (size_t)len);
    int found = PySet_Contains(abbreviations, word);
    Py_DECREF(word);
    return found;
}

static int cs_append(PyObject *spans, Py_ssize_t start, Py_ssize_t end) {
    PyObject *span = Py_BuildValue("(nn)", start, end);
    int failed = !span || PyList_Append(spans, span) < 0;
    Py_XDECREF(span);
    return failed ? -1 : 0;
}

static PyObject *capital_sentences(PyObject *self, PyObject *args) {
    PyObject *text, *abbreviations;
    if (!PyArg_ParseTuple(args, "OO", &text, &abbreviations))
        return NULL;
    if (!PyUnicode_Check(text) || !PyAnySet_Check(abbreviations)) {
        Py_RETURN_NONE;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 128 ? (c < ' ' && !(c >= '\t' && c <= '\r')) || c == 127
                    : !(c == 0x2018 || c == 0x2019 || c == 0x201C || c == 0x201D || c == 0x2013 || c == 0x2014 || c == 0x2026)) {
            Py_RETURN_NONE;
        }
    }
    PyObject *spans = PyList_New(0);
    if (!spans)
        return NULL;
    Py_ssize_t start = 0, i = 0;
    while (i < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (!(c == '.' || c == '!' || c == '?' || c == 0x2026)) {
            i++;
            continue;
        }
        Py_ssize_t closed = i + 1;
        while (closed < n && cs_closing(PyUnicode_READ(kind, data, closed)))
            closed++;
        Py_ssize_t after = closed;
        while (after < n && cs_space(PyUnicode_READ(kind, data, after)))
            after++;
        int breaks = after > closed && after < n;
        if (breaks) {
            Py_UCS4 next = PyUnicode_READ(kind, data, after);
            breaks = cs_capital(next) || (cs_opening(next) && after + 1 < n && cs_capital(PyUnicode_READ(kind, data, after + 1)));
        }
        if (!breaks) {
            i++;
            continue;
        }
        if (c == '.') {
            int abbreviation = cs_abbreviation(kind, data, i, abbreviations);
            if (abbreviation < 0)
                goto error;
            if (abbreviation) {
                i = after;
                continue;
            }
        }
        if (cs_append(spans, start, closed) < 0)
            goto error;
        start = i = after;
    }
    Py_ssize_t end = n;
    while (end > start && cs_space(PyUnicode_READ(kind, data, end - 1)))
        end--;
    if (end > start && cs_append(spans, start, end) < 0)
        goto error;
    return spans;
error:
    Py_DECREF(spans);
    return NULL;
}

/* quoted_spans(text): text.quoted_spans, the quotations of a title-role unit, for text of ASCII (no
   control character but white space), the quote marks of text.QUOTE_MARK, ’ – — and …; None for
   any other text. */
static inline int qs_mark(Py_UCS4 c) {
    return c == '"' || c == 0x201C || c == 0x201D || c == 0xAB || c == 0xBB || c == 0x201E || c == 0x300C
           || c == 0x300D || c == 0x300E || c == 0x300F || c == 0x2039 || c == 0x203A || c == 0x201A || c == 0x2018;
}

/* text.OPENING_QUOTES: the marks that close the quotation `c` opens (up to two), or 0 */
static inline int qs_closing(Py_UCS4 c, Py_UCS4 *closing) {
    closing[1] = 0;
    switch (c) {
    case 0x201C: closing[0] = 0x201D; return 1;
    case 0xAB: closing[0] = 0xBB; return 1;
    case 0x201E: closing[0] = 0x201C; closing[1] = 0x201D; return 1;
    case 0x300C: closing[0] = 0x300D; return 1;
    case 0x300E: closing[0] = 0x300F; return 1;
    case 0x2039: closing[0] = 0x203A; return 1;
    case 0x201A: closing[0] = 0x2018; return 1;
    case 0xBB: closing[0] = 0xAB; return 1;
    case 0x201D: closing[0] = 0x201D; return 1;
    case '"': closing[0] = '"'; return 1;
    }
    return 0;
}

static inline int qs_space(Py_UCS4 c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static inline int qs_alnum(Py_UCS4 c) { return c < 128 && Py_ISALNUM(c); }

/* text._closes: a mark that may open or close closes here */
static int qs_closes(int kind, const void *data, Py_ssize_t n, Py_ssize_t i) {
    Py_UCS4 before = i ? PyUnicode_READ(kind, data, i - 1) : ' ';
    Py_UCS4 after = i + 1 < n ? PyUnicode_READ(kind, data, i + 1) : ' ';
    int open_before = qs_space(before) || before == '(' || before == '[' || before == '{' || before == 0x2014
                      || before == 0x2013 || before == '-' || before == ':' || before == '/';
    return !open_before && (qs_space(after) || !qs_alnum(after));
}

static PyObject *quoted_spans(PyObject *self, PyObject *text) {
    if (!PyUnicode_Check(text)) {
        Py_RETURN_NONE;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 128 ? (c < ' ' && !(c >= '\t' && c <= '\r')) || c == 127
                    : !(qs_mark(c) || c == 0x2019 || c == 0x2013 || c == 0x2014 || c == 0x2026)) {
            Py_RETURN_NONE;
        }
    }
    PyObject *spans = PyList_New(0);
    if (!spans)
        return NULL;
    Py_ssize_t start = -1, first_text = -1; /* first_text: the first character that is no white space */
    Py_UCS4 closing[2] = {0, 0};
    int depth = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        int mark = qs_mark(c);
        if (!mark) {
            if (first_text < 0 && !qs_space(c))
                first_text = i;
            continue;
        }
        Py_UCS4 closes[2];
        int opens = qs_closing(c, closes);
        int both_ways = c == '"' || c == 0x201D || c == 0xBB;
        if (start < 0) {
            if (opens && (!both_ways || !qs_closes(kind, data, n, i))) {
                start = i;
                closing[0] = closes[0];
                closing[1] = closes[1];
                depth = 1;
            }
            else if ((c == 0x201D || c == 0xBB || c == 0x300D || c == 0x300F || c == 0x203A || c == 0xAB || c == '"')
                     && PyList_GET_SIZE(spans) == 0 && first_text >= 0) {
                if (cs_append(spans, 0, i + 1) < 0)
                    goto error;
            }
        }
        else if ((c == closing[0] || (closing[1] && c == closing[1]))
                 && (!(closing[0] == 0x201C && closing[1] == 0x201D) || depth == 1) && (c != '"' || depth == 1)) {
            if (--depth == 0) {
                if (cs_append(spans, start, i + 1) < 0)
                    goto error;
                start = -1;
            }
        }
        else if (opens && closes[0] == closing[0] && closes[1] == closing[1] && c != closing[0] && c != closing[1]) {
            depth++;
        }
        if (first_text < 0)
            first_text = i; /* a quote mark is no white space */
    }
    if (start >= 0) {
        Py_ssize_t end = n;
        int text_before = 0;
        for (Py_ssize_t i = 0; i < start && !text_before; i++)
            text_before = !qs_space(PyUnicode_READ(kind, data, i));
        if (text_before) {
            /* SENTENCE_END_IN_QUOTE: a sentence's end, white space, a capital or digit (after an
               opening mark, perhaps) */
            for (Py_ssize_t i = start; i < n; i++) {
                Py_UCS4 c = PyUnicode_READ(kind, data, i);
                if (!(c == '.' || c == '!' || c == '?' || c == 0x2026))
                    continue;
                Py_ssize_t after = i + 1;
                while (after < n && cs_space(PyUnicode_READ(kind, data, after)))
                    after++;
                if (after == i + 1 || after >= n)
                    continue;
                Py_UCS4 next = PyUnicode_READ(kind, data, after);
                if (cs_capital(next) || (cs_opening(next) && after + 1 < n && cs_capital(PyUnicode_READ(kind, data, after + 1)))) {
                    end = i + 1;
                    break;
                }
            }
        }
        if (cs_append(spans, start, end) < 0)
            goto error;
    }
    return spans;
error:
    Py_DECREF(spans);
    return NULL;
}

/* -- repeated-block: an article's prose read once (area: the words; rules/repeated_block/prose.py) --

   prose_pass(blocks, line_starts, document, words_of, stopwords, function_words, shingle, sample,
   partners, seed, min_words, gap, drift, raw_shared, raw_share, apart, least, shortest, question):
   for the compared blocks of one article (their text, start and end), its Document.line_starts
   and Document.text, with `question` the flag of a row that asks (corpus.QUESTION), what
   `prose.Prose` keeps, from one reading of their words that makes no str object a word: (rows:
   array('I') bytes of the summary's paragraphs, `prose_rows`, prints: their fingerprints and
   exact hashes, questions: [row, block, ...] of those a question test decides, total: the words
   of every block, chains: local.long_chains over the blocks' words, paraphrase:
   paraphrase.may_paraphrase over them). None to decline: a word holding a word unit
   (text.UNIT_WEIGHT) or that UTF-8 cannot encode, arguments not of these types (the stop and
   function words: frozensets of str).

   A text is read here when `ascii_words` reads it (ASCII and the punctuation of
   `separator_mark`; s28: and the symbols of `prose_symbol`), or when its casefolded form holds
   only ASCII, those marks and symbols, Latin (U+00C0 to U+02FF), Greek and Cyrillic (U+0370 to
   U+0482, U+048A to U+052F) and the joiners U+200C and U+200D: there text.words takes the `\w+`
   runs of `re`, whose \w is Py_UNICODE_ISALNUM or '_' (with a joiner, those of `regex`, whose \w
   takes the joiners too). Any other text's words come from
   `words_of` (text.words). Words are told apart by their UTF-8 bytes: each distinct word of the
   article gets an id, and the seed grams and the paraphrase gate compare ids where their twins
   compare str.

   heads_holding(texts, limit, words): local.compared_blocks' first test for correction notes. */

/* The stop and function words as one table of their UTF-8 bytes, each with its classes, built
   once for each pair of sets given (strong references to them are kept, so they stay the ones). */
#define PROSE_STOP 1
#define PROSE_FUNCTION 2
typedef struct {
    PyObject *stop_owner, *function_owner;
    Py_ssize_t mask; /* slots - 1 */
    Py_ssize_t *slot; /* -1: empty; else an entry */
    uint64_t *hash;
    Py_ssize_t *at, *len; /* each entry's bytes in `arena` */
    unsigned char *classes;
    char *arena;
    Py_ssize_t count, bytes;
} word_classes;

static word_classes prose_classes;

/* a hash of a word's bytes, eight at a time */
static inline uint64_t prose_hash(const char *p, Py_ssize_t n) {
    uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15ull;
    while (n > 0) {
        uint64_t v = 0;
        memcpy(&v, p, n < 8 ? (size_t)n : 8);
        h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
        p += 8;
        n -= 8;
    }
    return h * 0x94D049BB133111EBull ^ (h >> 29);
}

/* prose_hash of a word in the article's buffer, which holds 8 readable bytes past any word's
   last (PROSE_SLACK): its last step loads 8 bytes and masks those past the word off, where
   prose_hash copies them one by one (the same value, on a little-endian machine) */
#define PROSE_SLACK 8
static inline uint64_t prose_hash_padded(const char *p, Py_ssize_t n) {
#if PY_LITTLE_ENDIAN
    uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15ull;
    while (n > 0) {
        uint64_t v;
        memcpy(&v, p, 8);
        if (n < 8)
            v &= ((uint64_t)1 << (8 * n)) - 1;
        h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
        p += 8;
        n -= 8;
    }
    return h * 0x94D049BB133111EBull ^ (h >> 29);
#else
    return prose_hash(p, n);
#endif
}

static void word_classes_clear(word_classes *s) {
    Py_CLEAR(s->stop_owner);
    Py_CLEAR(s->function_owner);
    PyMem_Free(s->slot);
    PyMem_Free(s->hash);
    PyMem_Free(s->at);
    PyMem_Free(s->len);
    PyMem_Free(s->classes);
    PyMem_Free(s->arena);
    memset(s, 0, sizeof(*s));
}

/* the entry of these bytes, or -1 */
static Py_ssize_t word_classes_find(const word_classes *s, const char *p, Py_ssize_t n, uint64_t h) {
    for (Py_ssize_t at = (Py_ssize_t)(h & (uint64_t)s->mask);; at = (at + 1) & s->mask) {
        Py_ssize_t e = s->slot[at];
        if (e < 0 || (s->hash[e] == h && s->len[e] == n && memcmp(s->arena + s->at[e], p, (size_t)n) == 0))
            return e;
    }
}

/* add the words of one set with a class: 1, 0 (no error set) to decline (not a set of str), -1 */
static int word_classes_add(word_classes *s, PyObject *set, unsigned char class) {
    PyObject *items = PyObject_GetIter(set), *item;
    if (items == NULL)
        return -1;
    while ((item = PyIter_Next(items)) != NULL) {
        Py_DECREF(item); /* the set holds it */
        if (!PyUnicode_CheckExact(item)) {
            Py_DECREF(items);
            return 0;
        }
        Py_ssize_t len;
        const char *data = PyUnicode_AsUTF8AndSize(item, &len);
        if (data == NULL) { /* cannot be UTF-8: equal to no word read here */
            PyErr_Clear();
            continue;
        }
        uint64_t h = prose_hash(data, len);
        Py_ssize_t e = word_classes_find(s, data, len, h);
        if (e >= 0) {
            s->classes[e] |= class;
            continue;
        }
        char *grown = PyMem_Realloc(s->arena, (size_t)(s->bytes + len + 1));
        if (!grown) {
            Py_DECREF(items);
            PyErr_NoMemory();
            return -1;
        }
        s->arena = grown;
        memcpy(s->arena + s->bytes, data, (size_t)len);
        e = s->count++;
        s->at[e] = s->bytes;
        s->len[e] = len;
        s->hash[e] = h;
        s->classes[e] = class;
        s->bytes += len;
        Py_ssize_t at = (Py_ssize_t)(h & (uint64_t)s->mask);
        while (s->slot[at] >= 0)
            at = (at + 1) & s->mask;
        s->slot[at] = e;
    }
    Py_DECREF(items);
    return PyErr_Occurred() ? -1 : 1;
}

/* 1: `s` holds the classes of these sets; 0 (no error set): decline; -1: error */
static int word_classes_build(word_classes *s, PyObject *stop, PyObject *function) {
    if (s->stop_owner == stop && s->function_owner == function)
        return 1;
    word_classes_clear(s);
    if (!PyFrozenSet_Check(stop) || !PyFrozenSet_Check(function)) /* a set could change under the table */
        return 0;
    Py_ssize_t n = PySet_GET_SIZE(stop) + PySet_GET_SIZE(function), size = 8;
    while (size < 2 * n + 2)
        size <<= 1;
    s->slot = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)size);
    s->hash = PyMem_Malloc(sizeof(uint64_t) * (size_t)(n + 1));
    s->at = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n + 1));
    s->len = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n + 1));
    s->classes = PyMem_Malloc((size_t)(n + 1));
    if (!s->slot || !s->hash || !s->at || !s->len || !s->classes) {
        word_classes_clear(s);
        PyErr_NoMemory();
        return -1;
    }
    s->mask = size - 1;
    for (Py_ssize_t k = 0; k < size; k++)
        s->slot[k] = -1;
    int ok = word_classes_add(s, stop, PROSE_STOP);
    if (ok > 0)
        ok = word_classes_add(s, function, PROSE_FUNCTION);
    if (ok <= 0) {
        word_classes_clear(s);
        return ok;
    }
    Py_INCREF(stop);
    Py_INCREF(function);
    s->stop_owner = stop;
    s->function_owner = function;
    return 1;
}

/* The article's words: `buf` holds each word's UTF-8 bytes with a space after it, word t at
   off[t] (off[n]: the end), its distinct word id[t]; block k holds words first[k]..first[k+1];
   classes: per id, PROSE_STOP and PROSE_FUNCTION. */
typedef struct {
    char *buf;
    Py_ssize_t n, *off, *id, *first;
    Py_ssize_t distinct;
    unsigned char *classes;
} prose_words_t;

static void prose_words_free(prose_words_t *w) {
    PyMem_Free(w->buf);
    PyMem_Free(w->off);
    PyMem_Free(w->id);
    PyMem_Free(w->first);
    PyMem_Free(w->classes);
}

/* per byte of ASCII: the lower-cased character of a word character, 0 for any other */
static unsigned char prose_ascii_lower[256];

static void prose_init(void) {
    for (int c = 0; c < 128; c++)
        prose_ascii_lower[c] = ascii_word_char((Py_UCS4)c) ? (unsigned char)Py_TOLOWER(c) : 0;
}

/* the words of an ASCII text (its bytes, `ascii_words`), appended at *bytes */
static void prose_read_ascii(prose_words_t *w, Py_ssize_t *bytes, const unsigned char *data, Py_ssize_t len) {
    Py_ssize_t i = 0;
    char *out = w->buf + *bytes;
    while (i < len) {
        while (i < len && !prose_ascii_lower[data[i]])
            i++;
        if (i >= len)
            break;
        w->off[w->n++] = out - w->buf;
        unsigned char c;
        while (i < len && (c = prose_ascii_lower[data[i]]) != 0) {
            *out++ = (char)c;
            i++;
        }
        *out++ = ' ';
    }
    *bytes = out - w->buf;
}

/* the words of one text of one `kind` (ASCII and separator marks: `ascii_words`), appended at *bytes */
static inline void prose_read(prose_words_t *w, Py_ssize_t *bytes, const void *data, int kind, Py_ssize_t len) {
    Py_ssize_t i = 0, pos = *bytes;
    while (i < len) {
        while (i < len && !ascii_word_char(PyUnicode_READ(kind, data, i)))
            i++;
        if (i >= len)
            break;
        w->off[w->n++] = pos;
        while (i < len) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            if (!ascii_word_char(c))
                break;
            w->buf[pos++] = (char)Py_TOLOWER(c);
            i++;
        }
        w->buf[pos++] = ' ';
    }
    *bytes = pos;
}

static int prose_symbol(Py_UCS4 c); /* (s28, below) */
#define prose_joiner(c) ((c) == 0x200C || (c) == 0x200D) /* (s28) word characters of `regex`, not of `re` */

/* The characters of a text read here: 1 (ASCII, separator marks and symbols: `ascii_words`'
   words), 2 (casefolded, it holds only the characters the module's comment names), 0 (neither) */
static int prose_letters(PyObject *text) {
    if (PyUnicode_IS_ASCII(text))
        return 1;
    int kind = PyUnicode_KIND(text), found = 1;
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0, len = PyUnicode_GET_LENGTH(text); i < len; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 128 || separator_mark(c))
            continue;
        if ((c >= 0xC0 && c <= 0x2FF) || (c >= 0x370 && c <= 0x482) || (c >= 0x48A && c <= 0x52F) || prose_joiner(c))
            found = 2;
        else if (!prose_symbol(c)) /* (s28) a symbol is no word character, casefolded or not */
            return 0;
    }
    return found;
}

/* the words of a casefolded text of the characters `prose_letters` takes (2): runs of
   Py_UNICODE_ISALNUM or '_' (re's \w) and the joiners (regex's \w takes them too), in UTF-8 (none
   is over U+07FF but the joiners), appended at *bytes */
static void prose_read_folded(prose_words_t *w, Py_ssize_t *bytes, PyObject *folded) {
    int kind = PyUnicode_KIND(folded);
    const void *data = PyUnicode_DATA(folded);
    Py_ssize_t i = 0, len = PyUnicode_GET_LENGTH(folded);
    char *out = w->buf + *bytes;
#define PROSE_WORD_CHAR(c) ((c) < 128 ? prose_ascii_lower[(c)] != 0 : Py_UNICODE_ISALNUM(c) || prose_joiner(c))
    while (i < len) {
        while (i < len && !PROSE_WORD_CHAR(PyUnicode_READ(kind, data, i)))
            i++;
        if (i >= len)
            break;
        w->off[w->n++] = out - w->buf;
        Py_UCS4 c;
        while (i < len && PROSE_WORD_CHAR(c = PyUnicode_READ(kind, data, i))) {
            if (c < 128) {
                *out++ = (char)c;
            } else if (c < 0x800) {
                *out++ = (char)(0xC0 | (c >> 6));
                *out++ = (char)(0x80 | (c & 0x3F));
            } else { /* a joiner */
                *out++ = (char)(0xE0 | (c >> 12));
                *out++ = (char)(0x80 | ((c >> 6) & 0x3F));
                *out++ = (char)(0x80 | (c & 0x3F));
            }
            i++;
        }
        *out++ = ' ';
    }
#undef PROSE_WORD_CHAR
    *bytes = out - w->buf;
}

/* Whether a word holds no letter of a script whose letters are word units (text.UNIT_WEIGHT):
   every character below U+0E00 or in U+1E00-U+206F (Latin and Greek extended, the general
   punctuation: the joiners U+200C and U+200D stand inside Persian and Arabic words).
   tests/test_speedups.py checks that text._UNIT_BASES match none of them. */
static int prose_plain(PyObject *word) {
    if (PyUnicode_MAX_CHAR_VALUE(word) < 0x0E00)
        return 1;
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(word); k++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        if (c >= 0x0E00 && (c < 0x1E00 || c >= 0x2070))
            return 0;
    }
    return 1;
}

/* A text's words from `words_of`, checked: a list of str without word units (`prose_plain`:
   then every word of the article is a word's worth, and seeds join over unscaled gaps), each
   UTF-8. *bytes and *most grow by their bytes (with a space each) and number. A new reference;
   NULL with no error set to decline. */
static PyObject *prose_words_of(PyObject *words_of, PyObject *text, Py_ssize_t *bytes, Py_ssize_t *most) {
    PyObject *found = PyObject_CallOneArg(words_of, text);
    if (!found)
        return NULL;
    if (!PyList_CheckExact(found))
        goto decline;
    for (Py_ssize_t t = 0; t < PyList_GET_SIZE(found); t++) {
        PyObject *word = PyList_GET_ITEM(found, t);
        Py_ssize_t len;
        if (!PyUnicode_CheckExact(word) || !prose_plain(word))
            goto decline;
        if (PyUnicode_AsUTF8AndSize(word, &len) == NULL) {
            PyErr_Clear();
            goto decline;
        }
        *bytes += len + 1;
    }
    *most += PyList_GET_SIZE(found);
    return found;
decline:
    Py_DECREF(found);
    return NULL;
}

/* Read the texts into `w` (see the comment at the head of this block): 1, 0 to decline, -1 on
   error. */
static int prose_read_all(prose_words_t *w, PyObject *texts, PyObject *words_of) {
    Py_ssize_t count = PyList_GET_SIZE(texts), bytes = 0, most = 0;
    int ok = -1;
    /* per text: NULL (read as ASCII), its casefolded form, or its words from words_of */
    PyObject **read = PyMem_Calloc((size_t)(count ? count : 1), sizeof(PyObject *));
    if (!read) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *text = PyList_GET_ITEM(texts, k);
        if (!PyUnicode_Check(text)) {
            ok = 0;
            goto done;
        }
        if (prose_letters(text) == 1) {
            bytes += PyUnicode_GET_LENGTH(text) + 1;
            most += PyUnicode_GET_LENGTH(text) / 2 + 1; /* a word and a character after it */
            continue;
        }
        PyObject *folded = PyObject_CallMethod(text, "casefold", NULL);
        if (!folded)
            goto done;
        if (prose_letters(folded) != 0) {
            read[k] = folded;
            bytes += 3 * PyUnicode_GET_LENGTH(folded) + 1; /* (a joiner: 3 bytes) */
            most += PyUnicode_GET_LENGTH(folded) / 2 + 1;
            continue;
        }
        Py_DECREF(folded);
        read[k] = prose_words_of(words_of, text, &bytes, &most);
        if (!read[k]) {
            ok = PyErr_Occurred() ? -1 : 0;
            goto done;
        }
    }
    if (bytes > 0x7FFFFFFF) {
        ok = 0;
        goto done;
    }
    w->buf = PyMem_Malloc((size_t)bytes + 1 + PROSE_SLACK);
    w->off = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(most + 1));
    w->first = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(count + 1));
    if (!w->buf || !w->off || !w->first) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t at = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *text = PyList_GET_ITEM(texts, k);
        w->first[k] = w->n;
        if (read[k] == NULL) {
            int kind = PyUnicode_KIND(text);
            const void *data = PyUnicode_DATA(text);
            if (PyUnicode_IS_ASCII(text))
                prose_read_ascii(w, &at, data, PyUnicode_GET_LENGTH(text));
            else if (kind == PyUnicode_1BYTE_KIND) /* ASCII and separator marks: none a word character */
                prose_read(w, &at, data, PyUnicode_1BYTE_KIND, PyUnicode_GET_LENGTH(text));
            else if (kind == PyUnicode_2BYTE_KIND)
                prose_read(w, &at, data, PyUnicode_2BYTE_KIND, PyUnicode_GET_LENGTH(text));
            else
                prose_read(w, &at, data, PyUnicode_4BYTE_KIND, PyUnicode_GET_LENGTH(text));
        } else if (PyUnicode_Check(read[k])) {
            prose_read_folded(w, &at, read[k]);
        } else {
            for (Py_ssize_t t = 0; t < PyList_GET_SIZE(read[k]); t++) {
                Py_ssize_t len;
                const char *data = PyUnicode_AsUTF8AndSize(PyList_GET_ITEM(read[k], t), &len);
                w->off[w->n++] = at;
                memcpy(w->buf + at, data, (size_t)len);
                at += len;
                w->buf[at++] = ' ';
            }
        }
    }
    w->first[count] = w->n;
    w->off[w->n] = at;
    memset(w->buf + at, 0, PROSE_SLACK); /* read by prose_hash_padded, masked off */
    ok = 1;
done:
    for (Py_ssize_t k = 0; k < count; k++)
        Py_XDECREF(read[k]);
    PyMem_Free(read);
    return ok;
}

/* Give each word the id of its distinct word, and each id its classes (stop word, function
   word). 1, or -1 on error. */
static int prose_ids(prose_words_t *w, const word_classes *classes) {
    Py_ssize_t n = w->n, size = 8;
    while (size < 2 * n)
        size <<= 1;
    int32_t *slot = PyMem_Malloc(sizeof(int32_t) * (size_t)size); /* words: under 2**31 (prose_read_all) */
    uint64_t *hash = PyMem_Malloc(sizeof(uint64_t) * (size_t)(n + 1)); /* per id */
    Py_ssize_t *word = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n + 1)); /* per id: its first word */
    w->id = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n + 1));
    w->classes = PyMem_Malloc((size_t)n + 1);
    int ok = -1;
    if (!slot || !hash || !word || !w->id || !w->classes) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < size; k++)
        slot[k] = -1;
    Py_ssize_t ids = 0;
    for (Py_ssize_t t = 0; t < n; t++) {
        const char *p = w->buf + w->off[t];
        Py_ssize_t len = w->off[t + 1] - 1 - w->off[t];
        uint64_t h = prose_hash_padded(p, len);
        Py_ssize_t at = (Py_ssize_t)(h & (uint64_t)(size - 1));
        for (;;) {
            Py_ssize_t e = slot[at];
            if (e < 0) {
                e = ids++;
                slot[at] = (int32_t)e;
                hash[e] = h;
                word[e] = t;
                Py_ssize_t known = word_classes_find(classes, p, len, h);
                w->classes[e] = known < 0 ? 0 : classes->classes[known];
                w->id[t] = e;
                break;
            }
            Py_ssize_t u = word[e];
            if (hash[e] == h && w->off[u + 1] - 1 - w->off[u] == len && memcmp(w->buf + w->off[u], p, (size_t)len) == 0) {
                w->id[t] = e;
                break;
            }
            at = (at + 1) & (size - 1);
        }
    }
    w->distinct = ids;
    ok = 1;
done:
    PyMem_Free(slot);
    PyMem_Free(hash);
    PyMem_Free(word);
    return ok;
}

/* local._seed_pairs over the article's words, as pair_positions finds them (equal words: equal
   ids): the sorted (i << 32 | j) pairs in *out (PyMem); their number, or -1 on error. */
static Py_ssize_t prose_pairs(const prose_words_t *w, Py_ssize_t partners, Py_ssize_t seed, uint64_t **out) {
    *out = NULL;
    const Py_ssize_t *id = w->id;
    Py_ssize_t g = w->n - 2; /* grams */
    if (g < 2)
        return 0;
    Py_ssize_t size = 1, count = -1, repeats = 0;
    while (size < 2 * g)
        size <<= 1;
    Py_ssize_t *prev = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)g);
    int32_t *slots = PyMem_Malloc(sizeof(int32_t) * (size_t)size);
    uint64_t *pairs = NULL;
    if (!prev || !slots) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t s = 0; s < size; s++)
        slots[s] = -1;
    for (Py_ssize_t t = 0; t < g; t++) {
        uint64_t h = (uint64_t)id[t] * 0x9E3779B97F4A7C15ull;
        h = (h ^ (uint64_t)id[t + 1]) * 0xC2B2AE3D27D4EB4Full;
        h = (h ^ (uint64_t)id[t + 2]) * 0x165667B19E3779F9ull;
        h ^= h >> 29;
        Py_ssize_t s = (Py_ssize_t)(h & (uint64_t)(size - 1));
        prev[t] = -1;
        for (;;) {
            Py_ssize_t u = slots[s];
            if (u < 0) {
                slots[s] = (int32_t)t;
                break;
            }
            if (id[u] == id[t] && id[u + 1] == id[t + 1] && id[u + 2] == id[t + 2]) {
                prev[t] = u;
                slots[s] = (int32_t)t;
                repeats++;
                break;
            }
            s = (s + 1) & (size - 1);
        }
    }
    if (repeats == 0) {
        count = 0;
        goto done;
    }
    Py_ssize_t cap = repeats * (partners > 0 ? partners : 0) + 1, found = 0;
    pairs = PyMem_Malloc(sizeof(uint64_t) * (size_t)cap);
    if (!pairs) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t j = 0; j < g; j++) {
        if (prev[j] < 0 || (w->classes[id[j]] & w->classes[id[j + 1]] & w->classes[id[j + 2]] & PROSE_STOP))
            continue; /* a gram of stop words only is never a seed */
        Py_ssize_t i = prev[j];
        for (Py_ssize_t p = 0; p < partners && i >= 0; p++, i = prev[i]) {
            if (j - i >= seed)
                pairs[found++] = ((uint64_t)i << 32) | (uint64_t)j;
        }
    }
    qsort(pairs, (size_t)found, sizeof(uint64_t), cmp_u64);
    count = found;
    *out = pairs;
    pairs = NULL;
done:
    PyMem_Free(prev);
    PyMem_Free(slots);
    PyMem_Free(pairs);
    return count;
}

/* paraphrase.may_paraphrase over the blocks' words (the algorithm of `may_paraphrase` above,
   on ids): 1, 0, or -1 on error */
static int prose_may_paraphrase(const prose_words_t *w, Py_ssize_t count, Py_ssize_t min_words,
                                Py_ssize_t raw_shared, double raw_share, Py_ssize_t apart) {
    Py_ssize_t total = 0, long_enough = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        Py_ssize_t size = w->first[k + 1] - w->first[k];
        if (size >= min_words) {
            total += size;
            long_enough++;
        }
    }
    if (long_enough < 2)
        return 0;
    int any = -1;
    Py_ssize_t *last = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(w->distinct + 1));
    Py_ssize_t *para = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)total);
    Py_ssize_t *before = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)total);
    Py_ssize_t *distinct = PyMem_Calloc((size_t)count, sizeof(Py_ssize_t));
    Py_ssize_t *shared = PyMem_Calloc((size_t)count * (size_t)apart, sizeof(Py_ssize_t));
    if (!last || !para || !before || !distinct || !shared) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t e = 0; e < w->distinct; e++)
        last[e] = -1;
    Py_ssize_t seen = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        distinct[k] = -1; /* too short: takes no part */
        if (w->first[k + 1] - w->first[k] < min_words)
            continue;
        distinct[k] = 0;
        for (Py_ssize_t t = w->first[k]; t < w->first[k + 1]; t++) {
            Py_ssize_t e = w->id[t];
            if ((w->classes[e] & PROSE_FUNCTION) || (last[e] >= 0 && para[last[e]] == k))
                continue; /* a function word, or seen in this paragraph already */
            para[seen] = k;
            before[seen] = last[e];
            for (Py_ssize_t q = last[e]; q >= 0 && k - para[q] <= apart; q = before[q])
                shared[k * apart + (k - para[q] - 1)]++;
            last[e] = seen++;
            distinct[k]++;
        }
    }
    any = 0;
    for (Py_ssize_t j = 0; j < count && !any; j++) {
        if (distinct[j] < raw_shared)
            continue;
        for (Py_ssize_t i = j - apart > 0 ? j - apart : 0; i < j; i++) {
            if (distinct[i] < 0)
                continue;
            Py_ssize_t both = shared[j * apart + (j - i - 1)];
            Py_ssize_t fewer = distinct[i] < distinct[j] ? distinct[i] : distinct[j];
            if (both >= raw_shared && !((double)both < raw_share * (double)fewer)) {
                any = 1;
                break;
            }
        }
    }
done:
    PyMem_Free(last);
    PyMem_Free(para);
    PyMem_Free(before);
    PyMem_Free(distinct);
    PyMem_Free(shared);
    return any;
}

/* line_of(offset) of Document: max(1, bisect_right(line_starts, offset)) */
static Py_ssize_t prose_line_of(const Py_ssize_t *line_starts, Py_ssize_t lines, Py_ssize_t offset) {
    Py_ssize_t low = 0, high = lines;
    while (low < high) {
        Py_ssize_t mid = low + (high - low) / 2;
        if (offset < line_starts[mid])
            high = mid;
        else
            low = mid + 1;
    }
    return low > 1 ? low : 1;
}

/* What corpus._asks finds of a block, where its text alone tells (its length aside):
   PROSE_ASKS_NOTHING (no question mark, or a word character of ASCII after the last one: the
   last sentence asks nothing, so neither question test finds a question), PROSE_ASKS (the last
   sentence ends with its question mark: corpus._ends_asking's first test, for text that
   stands in the document as it is), PROSE_UNDECIDED (the question tests decide, in Python);
   -1 on error */
#define PROSE_ASKS_NOTHING 0
#define PROSE_ASKS 1
#define PROSE_UNDECIDED 2
static int prose_asking(PyObject *text, PyObject *document, Py_ssize_t start) {
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    Py_ssize_t last = PyUnicode_FindChar(text, '?', 0, len, -1);
    if (last < 0)
        return last == -1 ? PROSE_ASKS_NOTHING : -1;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = last + 1; i < len; i++) {
        if (ascii_word_char(PyUnicode_READ(kind, data, i)))
            return PROSE_ASKS_NOTHING;
    }
    /* (s28) text of any kind, as prose.asking reads it (typographic quotes made most of the
       paragraphs with a question mark in the benchmark articles text beyond ASCII) */
    Py_ssize_t end = len; /* text.rstrip().rstrip(")]") */
    while (end > 0 && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, end - 1)))
        end--;
    while (end > 0 && (PyUnicode_READ(kind, data, end - 1) == ')' || PyUnicode_READ(kind, data, end - 1) == ']'))
        end--;
    if (end == 0 || PyUnicode_READ(kind, data, end - 1) != '?')
        return PROSE_UNDECIDED;
    Py_ssize_t held = PyUnicode_Tailmatch(document, text, start, PY_SSIZE_T_MAX, -1); /* document.text.startswith */
    return held < 0 ? -1 : held ? PROSE_ASKS : PROSE_UNDECIDED;
}

/* The summary's paragraphs (corpus.summary): per block kept, its row (its first and last line,
   its words, its exact hash, flags, its number of prints) in `rows`, and its fingerprints then
   its exact hash (append_prints' hashes, over the article's buffer) in `prints`. A block is kept
   with `least` words or more, and `shortest` or more unless it may ask (`prose_asking`): one that
   asks with max(4, `shortest`) words or more is flagged `question`; any other that may ask has its
   row number and block number put in `questions`, for Python to keep, flag or drop the row
   (`prose.asking` flags most, the question tests decide the rest). */
typedef struct {
    uint32_t *rows, *prints;
    Py_ssize_t nrows, nprints, total;
} prose_rows_t;

/* zlib.crc32 of bytes of the article's buffer (PROSE_SLACK): crc_update's eight-byte steps, then
   the last 1 to 7 bytes in one more such step, where crc_update takes them one by one (their
   loop, of a length that changes from one shingle to the next, was mispredicted): the bytes are
   put at the top of the eight, below them zero bytes, which the tables map to 0, and the bits of
   the state that pass over them shifted down */
static inline uint32_t prose_crc(const unsigned char *p, Py_ssize_t len) {
    uint32_t c = crc_update(0xFFFFFFFFu, p, len & ~(Py_ssize_t)7);
#if PY_LITTLE_ENDIAN
    Py_ssize_t rest = len & 7;
    if (rest) {
        uint64_t v;
        memcpy(&v, p + (len & ~(Py_ssize_t)7), 8);
        v = ((v ^ c) & (((uint64_t)1 << (8 * rest)) - 1)) << (8 * (8 - rest));
        c = (uint32_t)((uint64_t)c >> (8 * rest)) ^ crc_table[7][v & 0xFF] ^ crc_table[6][(v >> 8) & 0xFF]
            ^ crc_table[5][(v >> 16) & 0xFF] ^ crc_table[4][(v >> 24) & 0xFF] ^ crc_table[3][(v >> 32) & 0xFF]
            ^ crc_table[2][(v >> 40) & 0xFF] ^ crc_table[1][(v >> 48) & 0xFF] ^ crc_table[0][v >> 56];
    }
#else
    c = crc_update(c, p + (len & ~(Py_ssize_t)7), len & 7);
#endif
    return c ^ 0xFFFFFFFFu;
}

static int prose_rows(const prose_words_t *w, PyObject *const *texts, const Py_ssize_t *starts, const Py_ssize_t *ends,
                      Py_ssize_t count, const Py_ssize_t *line_starts, Py_ssize_t lines, Py_ssize_t least,
                      Py_ssize_t shortest, Py_ssize_t shingle, Py_ssize_t sample, prose_rows_t *out, PyObject *questions,
                      PyObject *document, uint32_t question) {
    out->rows = PyMem_Malloc(sizeof(uint32_t) * 6 * (size_t)(count + 1));
    out->prints = PyMem_Malloc(sizeof(uint32_t) * (size_t)(w->n + count + 1));
    if (!out->rows || !out->prints) {
        PyErr_NoMemory();
        return -1;
    }
    const unsigned char *buf = (const unsigned char *)w->buf;
    /* a fingerprint is kept when its hash is a multiple of `sample`: a mask for a power of two */
    const uint32_t mask = (sample & (sample - 1)) == 0 ? (uint32_t)sample - 1 : 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        Py_ssize_t a = w->first[k], b = w->first[k + 1], n = b - a;
        out->total += n;
        if (n == 0 || n < least)
            continue; /* a credit, "Read more" */
        int asking = prose_asking(texts[k], document, starts[k]);
        if (asking < 0)
            return -1;
        if (asking == PROSE_ASKS && n < (shortest > 4 ? shortest : 4))
            asking = PROSE_UNDECIDED; /* too short for the first test to decide alone */
        if (asking == PROSE_ASKS_NOTHING && n < shortest)
            continue;
        for (int both = 0; asking == PROSE_UNDECIDED && both < 2; both++) {
            PyObject *number = PyLong_FromSsize_t(both ? k : out->nrows);
            if (!number || PyList_Append(questions, number) < 0) {
                Py_XDECREF(number);
                return -1;
            }
            Py_DECREF(number);
        }
        Py_ssize_t before = out->nprints;
        for (Py_ssize_t t = a; t + shingle <= b; t++) {
            uint32_t c = prose_crc(buf + w->off[t], w->off[t + shingle] - 1 - w->off[t]);
            if (mask ? (c & mask) == 0 : c % (uint32_t)sample == 0)
                out->prints[out->nprints++] = c;
        }
        uint32_t exact = prose_crc(buf + w->off[a], w->off[b] - 1 - w->off[a]) | 1u;
        out->prints[out->nprints++] = exact;
        uint32_t *row = out->rows + 6 * out->nrows++;
        Py_ssize_t last = ends[k] - 1 > starts[k] ? ends[k] - 1 : starts[k];
        row[0] = (uint32_t)prose_line_of(line_starts, lines, starts[k]);
        row[1] = (uint32_t)prose_line_of(line_starts, lines, last);
        row[2] = (uint32_t)n;
        row[3] = exact;
        row[4] = asking == PROSE_ASKS ? question : 0;
        row[5] = (uint32_t)(out->nprints - before);
    }
    return 0;
}

/* An int attribute of a block (Block.start, Block.end: field k of block_fields); -1 with an
   error set, or with none set to decline (not an int that fits) */
static Py_ssize_t prose_offset(PyObject *block, int k, PyObject *name) {
    PyObject *value = block_field(block, k, name);
    if (!value)
        return -1;
    Py_ssize_t found = PyLong_Check(value) ? PyLong_AsSsize_t(value) : -1;
    Py_DECREF(value);
    if (found == -1 && PyErr_Occurred() && PyErr_ExceptionMatches(PyExc_OverflowError))
        PyErr_Clear();
    return found;
}

static PyObject *prose_name_text, *prose_name_start, *prose_name_end;

/* the blocks' texts, offsets and the document's line starts, read into C arrays (the texts
   borrowed from `texts`, a new list); 1, 0 to decline, -1 on error */
static int prose_blocks(PyObject *blocks, PyObject *line_starts, PyObject *texts, Py_ssize_t *starts, Py_ssize_t *ends,
                        Py_ssize_t *lines) {
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(blocks); k++) {
        PyObject *block = PyList_GET_ITEM(blocks, k);
        PyObject *text = block_field(block, 5, prose_name_text);
        if (!text)
            return -1;
        PyList_SET_ITEM(texts, k, text);
        starts[k] = prose_offset(block, 3, prose_name_start);
        ends[k] = prose_offset(block, 4, prose_name_end);
        if (starts[k] < 0 || ends[k] < 0)
            return PyErr_Occurred() ? -1 : 0;
    }
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(line_starts); k++) {
        PyObject *start = PyList_GET_ITEM(line_starts, k);
        lines[k] = PyLong_Check(start) ? PyLong_AsSsize_t(start) : -1;
        if (lines[k] < 0)
            return PyErr_Occurred() ? -1 : 0;
    }
    return 1;
}

static PyObject *prose_pass(PyObject *self, PyObject *args) {
    PyObject *blocks, *line_starts, *document, *words_of, *stopwords, *function_words;
    Py_ssize_t shingle, sample, partners, seed, min_words, gap, drift, raw_shared, apart, least, shortest, question;
    double raw_share;
    if (!PyArg_ParseTuple(args, "OOOOOOnnnnnnnndnnnn", &blocks, &line_starts, &document, &words_of, &stopwords,
                          &function_words, &shingle, &sample, &partners, &seed, &min_words, &gap, &drift, &raw_shared,
                          &raw_share, &apart, &least, &shortest, &question))
        return NULL;
    if (!PyList_Check(blocks) || !PyList_Check(line_starts) || !PyUnicode_Check(document) || shingle < 1 || sample < 1
        || drift < 0 || apart < 1 || question < 0 || question > 0xFFFFFFFF)
        Py_RETURN_NONE;
    int ready = word_classes_build(&prose_classes, stopwords, function_words);
    if (ready <= 0)
        return ready < 0 ? NULL : (Py_INCREF(Py_None), Py_None);
    if (!prose_name_text && (!(prose_name_text = PyUnicode_InternFromString("text"))
                             || !(prose_name_start = PyUnicode_InternFromString("start"))
                             || !(prose_name_end = PyUnicode_InternFromString("end"))))
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(blocks), nlines = PyList_GET_SIZE(line_starts);
    prose_words_t w = {0};
    prose_rows_t r = {0};
    PyObject *texts = PyList_New(count), *questions = PyList_New(0), *chains = NULL, *result = NULL;
    Py_ssize_t *starts = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(count + 1));
    Py_ssize_t *ends = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(count + 1));
    Py_ssize_t *lines = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(nlines + 1));
    uint64_t *pairs = NULL;
    if (!texts || !questions || !starts || !ends || !lines) {
        if (texts && questions)
            PyErr_NoMemory();
        goto done;
    }
    int read = prose_blocks(blocks, line_starts, texts, starts, ends, lines);
    if (read > 0)
        read = prose_read_all(&w, texts, words_of);
    if (read <= 0) {
        if (read == 0)
            result = (Py_INCREF(Py_None), Py_None);
        goto done;
    }
    if (prose_ids(&w, &prose_classes) < 0)
        goto done;
    if (prose_rows(&w, ((PyListObject *)texts)->ob_item, starts, ends, count, lines, nlines, least, shortest, shingle,
                   sample, &r, questions, document, (uint32_t)question) < 0)
        goto done;
    Py_ssize_t found = prose_pairs(&w, partners, seed, &pairs);
    if (found < 0)
        goto done;
    chains = found == 0 ? PyList_New(0) : chains_of(pairs, found, w.n, seed, min_words, gap, drift);
    if (!chains)
        goto done;
    int paraphrase = prose_may_paraphrase(&w, count, min_words, raw_shared, raw_share, apart);
    if (paraphrase < 0)
        goto done;
    result = Py_BuildValue("(y#y#OnOO)", (const char *)r.rows, (Py_ssize_t)sizeof(uint32_t) * 6 * r.nrows,
                           (const char *)r.prints, (Py_ssize_t)sizeof(uint32_t) * r.nprints, questions, r.total, chains,
                           paraphrase ? Py_True : Py_False);
done:
    Py_XDECREF(texts);
    Py_XDECREF(questions);
    Py_XDECREF(chains);
    PyMem_Free(starts);
    PyMem_Free(ends);
    PyMem_Free(lines);
    PyMem_Free(pairs);
    PyMem_Free(r.rows);
    PyMem_Free(r.prints);
    prose_words_free(&w);
    return result;
}

/* heads_holding(texts, limit, words): the indexes of the texts for which
   any(word in text[:limit].lower() for word in words) may hold: those it holds for, for words of
   ASCII, and those it cannot tell (the head holds U+0130 or U+212A: the only characters outside
   ASCII whose lower() holds ASCII, "i\u0307" and "k"). Any other character outside ASCII
   lower-cases to text outside ASCII, which holds no ASCII word: here a 0 byte. None to decline
   (not a list of str, a word not ASCII, a limit over 256). */
static Py_ssize_t heads_anchor(PyObject *word); /* (s28, below) */
#define HEADS_PAD 32 /* (s29-c) bytes of a head past its text, read by heads_find */
static void heads_lower_ascii(unsigned char *head, const unsigned char *data, Py_ssize_t len); /* (s29-c, below) */
static int heads_find(const unsigned char *head, Py_ssize_t len, const unsigned char *w, Py_ssize_t size,
                      Py_ssize_t anchor); /* (s29-c, below) */

/* heads_holding's answer (s29-c: a function of its own, which compared_prose calls directly) */
static PyObject *heads_of(PyObject *texts, Py_ssize_t limit, PyObject *words) {
    if (!PyList_Check(texts) || !PyTuple_Check(words) || limit < 0 || limit > 256)
        Py_RETURN_NONE;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(words); k++) {
        PyObject *word = PyTuple_GET_ITEM(words, k);
        if (!PyUnicode_Check(word) || !PyUnicode_IS_ASCII(word))
            Py_RETURN_NONE;
    }
    for (Py_ssize_t t = 0; t < PyList_GET_SIZE(texts); t++) {
        if (!PyUnicode_Check(PyList_GET_ITEM(texts, t)))
            Py_RETURN_NONE;
    }
    PyObject *found = PyList_New(0);
    if (!found)
        return NULL;
    unsigned char head[256 + HEADS_PAD];
    Py_ssize_t anchors[32]; /* (s28) of the first 32 words */
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(words) && k < 32; k++)
        anchors[k] = heads_anchor(PyTuple_GET_ITEM(words, k));
    for (Py_ssize_t t = 0; t < PyList_GET_SIZE(texts); t++) {
        PyObject *text = PyList_GET_ITEM(texts, t);
        Py_ssize_t len = PyUnicode_GET_LENGTH(text) < limit ? PyUnicode_GET_LENGTH(text) : limit;
        int held = 0;
        if (PyUnicode_IS_ASCII(text)) {
            heads_lower_ascii(head, PyUnicode_1BYTE_DATA(text), len);
        } else {
            int kind = PyUnicode_KIND(text);
            const void *data = PyUnicode_DATA(text);
            for (Py_ssize_t i = 0; i < len && !held; i++) {
                Py_UCS4 c = PyUnicode_READ(kind, data, i);
                held = c == 0x130 || c == 0x212A; /* cannot tell */
                head[i] = c < 128 ? (unsigned char)Py_TOLOWER(c) : 0x80; /* in no ASCII word */
            }
        }
        memset(head + len, 0, HEADS_PAD);
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(words) && !held; k++) {
            PyObject *word = PyTuple_GET_ITEM(words, k);
            held = heads_find(head, len, PyUnicode_1BYTE_DATA(word), PyUnicode_GET_LENGTH(word), k < 32 ? anchors[k] : 0);
        }
        if (held) {
            PyObject *index = PyLong_FromSsize_t(t);
            if (!index || PyList_Append(found, index) < 0) {
                Py_XDECREF(index);
                Py_DECREF(found);
                return NULL;
            }
            Py_DECREF(index);
        }
    }
    return found;
}

static PyObject *heads_holding(PyObject *self, PyObject *args) {
    PyObject *texts, *words;
    Py_ssize_t limit;
    if (!PyArg_ParseTuple(args, "OnO", &texts, &limit, &words))
        return NULL;
    return heads_of(texts, limit, words);
}

/* parsing and glue (s27) ------------------------------------------------------------------ */

/* compact_json(value): json.dumps(value, separators=(",", ":")) (twin: pipeline/cache.py's
   to_compact_json, the json module's own encoder), for the cache's rows of a result: a tree of
   dicts with str keys, lists, tuples, str of ASCII, int, True, False and None. Anything else (a
   float, a character outside ASCII, a subclass, more than 64 levels) is declined: None. json's
   encoder escapes each character of a str in a call of its own (40 instructions a character of
   the summaries' base64 text); here a run of plain characters is copied at once. */
typedef struct {
    char *data;
    Py_ssize_t size, capacity;
} json_buffer;

static int json_reserve(json_buffer *out, Py_ssize_t more) {
    if (out->size + more <= out->capacity)
        return 0;
    Py_ssize_t capacity = out->capacity ? out->capacity : 1024;
    while (capacity < out->size + more)
        capacity *= 2;
    char *grown = PyMem_Realloc(out->data, (size_t)capacity);
    if (grown == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    out->data = grown;
    out->capacity = capacity;
    return 0;
}

static int json_put(json_buffer *out, const char *text, Py_ssize_t len) {
    if (json_reserve(out, len) < 0)
        return -1;
    memcpy(out->data + out->size, text, (size_t)len);
    out->size += len;
    return 0;
}

/* json's ESCAPE_ASCII: a printable ASCII character but " and \ stands for itself (a table: the
   test of each character of the summaries' base64 text is most of the work) */
static unsigned char json_plain_table[128];

static inline int json_plain(Py_UCS1 c) { return json_plain_table[c] == 1; }

static void json_init(void) {
    for (int c = ' '; c <= '~'; c++)
        json_plain_table[c] = c != '"' && c != '\\';
    json_plain_table[0] = 2; /* made */
}

/* 1 written, 0 declined (a character outside ASCII), -1 error */
static int json_string(json_buffer *out, PyObject *text) {
    if (!PyUnicode_IS_ASCII(text))
        return 0;
    const Py_UCS1 *data = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (json_reserve(out, n + 2) < 0)
        return -1;
    out->data[out->size++] = '"';
    Py_ssize_t i = 0;
    while (i < n) {
        Py_ssize_t run = i;
        /* eight characters at a time while none needs escaping (the text is ASCII: each byte
           below 0x80): a byte below 0x20, or one equal to '"', '\\' or DEL, found by the
           has-a-byte-below-n test, (x - n in each byte) & ~x & 0x80 in each byte, of x and of x
           XOR each of those (exact about whether one is there; the loop below finds it) */
        const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
        while (run + 8 <= n) {
            uint64_t word;
            memcpy(&word, data + run, 8);
            uint64_t quote = word ^ (ones * '"'), backslash = word ^ (ones * '\\'), del = word ^ (ones * 0x7F);
            uint64_t found = ((word - ones * 0x20) & ~word) | ((quote - ones) & ~quote)
                             | ((backslash - ones) & ~backslash) | ((del - ones) & ~del);
            if (found & highs)
                break;
            run += 8;
        }
        while (run < n && json_plain(data[run]))
            run++;
        if (json_put(out, (const char *)data + i, run - i) < 0)
            return -1;
        if (run == n)
            break;
        Py_UCS1 c = data[run];
        char escaped[7] = {'\\', 0, 0, 0, 0, 0, 0};
        Py_ssize_t len = 2;
        switch (c) {
        case '"': escaped[1] = '"'; break;
        case '\\': escaped[1] = '\\'; break;
        case '\n': escaped[1] = 'n'; break;
        case '\r': escaped[1] = 'r'; break;
        case '\t': escaped[1] = 't'; break;
        case '\b': escaped[1] = 'b'; break;
        case '\f': escaped[1] = 'f'; break;
        default: /* another control character, or DEL: \u00XX, lower-case hex as json writes it */
            escaped[1] = 'u';
            escaped[2] = '0';
            escaped[3] = '0';
            escaped[4] = "0123456789abcdef"[c >> 4];
            escaped[5] = "0123456789abcdef"[c & 15];
            len = 6;
        }
        if (json_put(out, escaped, len) < 0)
            return -1;
        i = run + 1;
    }
    return json_put(out, "\"", 1) < 0 ? -1 : 1;
}

/* 1 written, 0 declined, -1 error */
static int json_value(json_buffer *out, PyObject *value, int depth) {
    if (depth > 64)
        return 0;
    if (value == Py_None)
        return json_put(out, "null", 4) < 0 ? -1 : 1;
    if (value == Py_True)
        return json_put(out, "true", 4) < 0 ? -1 : 1;
    if (value == Py_False)
        return json_put(out, "false", 5) < 0 ? -1 : 1;
    if (PyUnicode_CheckExact(value))
        return json_string(out, value);
    if (PyLong_CheckExact(value)) {
        int overflow;
        long long number = PyLong_AsLongLongAndOverflow(value, &overflow);
        if (overflow)
            return 0;
        if (number == -1 && PyErr_Occurred())
            return -1;
        char digits[24]; /* written from the end: snprintf's format parsing cost more than the number */
        int len = 0;
        unsigned long long magnitude = number < 0 ? 0ULL - (unsigned long long)number : (unsigned long long)number;
        do {
            digits[sizeof digits - 1 - len++] = (char)('0' + magnitude % 10);
            magnitude /= 10;
        } while (magnitude);
        if (number < 0)
            digits[sizeof digits - 1 - len++] = '-';
        return json_put(out, digits + sizeof digits - len, len) < 0 ? -1 : 1;
    }
    if (PyList_CheckExact(value) || PyTuple_CheckExact(value)) {
        int list = PyList_CheckExact(value);
        if (json_put(out, "[", 1) < 0)
            return -1;
        for (Py_ssize_t k = 0; k < (list ? PyList_GET_SIZE(value) : PyTuple_GET_SIZE(value)); k++) {
            if (k && json_put(out, ",", 1) < 0)
                return -1;
            /* a list's item held while written: nothing here runs Python code, but be safe */
            PyObject *item = list ? PyList_GET_ITEM(value, k) : PyTuple_GET_ITEM(value, k);
            Py_INCREF(item);
            int done = json_value(out, item, depth + 1);
            Py_DECREF(item);
            if (done <= 0)
                return done;
        }
        return json_put(out, "]", 1) < 0 ? -1 : 1;
    }
    if (PyDict_CheckExact(value)) {
        if (json_put(out, "{", 1) < 0)
            return -1;
        Py_ssize_t position = 0, k = 0;
        PyObject *key, *item;
        while (PyDict_Next(value, &position, &key, &item)) {
            if (!PyUnicode_CheckExact(key))
                return 0;
            if (k++ && json_put(out, ",", 1) < 0)
                return -1;
            Py_INCREF(item);
            int done = json_string(out, key);
            if (done > 0)
                done = json_put(out, ":", 1) < 0 ? -1 : json_value(out, item, depth + 1);
            Py_DECREF(item);
            if (done <= 0)
                return done;
        }
        return json_put(out, "}", 1) < 0 ? -1 : 1;
    }
    return 0;
}

static PyObject *compact_json(PyObject *self, PyObject *value) {
    if (!json_plain_table[0])
        json_init();
    json_buffer out = {NULL, 0, 0};
    int done = json_value(&out, value, 0);
    PyObject *text = NULL;
    if (done > 0) {
        text = PyUnicode_New(out.size, 127);
        if (text != NULL)
            memcpy(PyUnicode_1BYTE_DATA(text), out.data, (size_t)out.size);
    } else if (done == 0) {
        text = Py_None;
        Py_INCREF(text);
    }
    PyMem_Free(out.data);
    return text;
}

/* -- title-role (s27) ------------------------------------------------------------------------ */

/* office_trie(first_edge, edge_char, edge_child, terminal): the office words' trie (see
   office_spans) checked once and kept with what office_spans works out from it on every call
   (the root's edges, the second characters), as a capsule for office_scan. None for arrays
   office_spans would decline. */
typedef struct {
    Py_ssize_t nodes, edges;
    uint32_t *first, *chr, *child;
    unsigned char *terminal;
    int other_starts;
    unsigned char skip[128];
    uint32_t root_child[128];
    uint64_t second[128][2];
} office_trie_tables;

static void office_trie_free(PyObject *capsule) {
    office_trie_tables *t = PyCapsule_GetPointer(capsule, "newslint.office_trie");
    if (t) {
        PyMem_Free(t->first);
        PyMem_Free(t);
    }
}

static PyObject *office_trie(PyObject *self, PyObject *args) {
    PyObject *objs[4];
    if (!PyArg_ParseTuple(args, "OOOO", &objs[0], &objs[1], &objs[2], &objs[3]))
        return NULL;
    Py_buffer b[4];
    int got = 0;
    PyObject *result = NULL;
    office_trie_tables *t = NULL;
    for (; got < 4; got++)
        if (PyObject_GetBuffer(objs[got], &b[got], PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0)
            goto done;
    if (b[0].itemsize != 4 || b[1].itemsize != 4 || b[2].itemsize != 4 || b[3].itemsize != 1 || strcmp(b[0].format, "I")
        || strcmp(b[1].format, "I") || strcmp(b[2].format, "I") || strcmp(b[3].format, "B"))
        goto decline;
    Py_ssize_t nodes = b[3].len, edges = b[1].len / 4;
    const uint32_t *first = b[0].buf, *chr = b[1].buf, *child = b[2].buf;
    const unsigned char *terminal = b[3].buf;
    /* a well-formed trie (as office_spans checks it), or decline */
    if (nodes < 1 || b[0].len / 4 != nodes + 1 || b[2].len / 4 != edges || first[nodes] != (uint32_t)edges)
        goto decline;
    for (Py_ssize_t n = 0; n < nodes; n++)
        if (first[n] > first[n + 1])
            goto decline;
    for (Py_ssize_t e = 0; e < edges; e++)
        if (child[e] >= (uint32_t)nodes || child[e] == 0)
            goto decline;
    t = PyMem_Calloc(1, sizeof *t);
    if (!t) {
        PyErr_NoMemory();
        goto done;
    }
    t->nodes = nodes;
    t->edges = edges;
    /* one block: first (nodes + 1), chr, child (edges each), terminal (nodes) */
    t->first = PyMem_Malloc(sizeof(uint32_t) * (size_t)(nodes + 1 + 2 * edges) + (size_t)nodes + 1);
    if (!t->first) {
        PyMem_Free(t);
        t = NULL;
        PyErr_NoMemory();
        goto done;
    }
    t->chr = t->first + nodes + 1;
    t->child = t->chr + edges;
    t->terminal = (unsigned char *)(t->child + edges);
    memcpy(t->first, first, sizeof(uint32_t) * (size_t)(nodes + 1));
    memcpy(t->chr, chr, sizeof(uint32_t) * (size_t)edges);
    memcpy(t->child, child, sizeof(uint32_t) * (size_t)edges);
    memcpy(t->terminal, terminal, (size_t)nodes);
    /* what office_spans works out before its loop: the root's edges of ASCII characters, the
       characters where no match starts, and the second characters a match may have */
    char starts[128] = {0};
    for (uint32_t e = t->first[0]; e < t->first[1]; e++) {
        if (t->chr[e] == ' ')
            t->other_starts = 1;
        else if (t->chr[e] < 128) {
            starts[t->chr[e]] = 1;
            t->root_child[t->chr[e]] = t->child[e];
        }
    }
    for (int c = 0; c < 128; c++)
        t->skip[c] = !starts[c] && !t->other_starts && !t->terminal[0];
    for (int c = 0; c < 128; c++) {
        uint32_t node = t->root_child[c];
        if (!node)
            continue;
        uint64_t *mask = t->second[c];
        if (t->terminal[node] || t->terminal[0]) {
            mask[0] = mask[1] = ~(uint64_t)0;
            continue;
        }
        for (uint32_t e = t->first[node]; e < t->first[node + 1]; e++) {
            uint32_t next = t->chr[e];
            if (next == ' ') {
                for (int w = 0; w < 128; w++)
                    if (Py_UNICODE_ISSPACE(w))
                        mask[w >> 6] |= (uint64_t)1 << (w & 63);
            } else if (next < 128)
                mask[next >> 6] |= (uint64_t)1 << (next & 63);
        }
    }
    result = PyCapsule_New(t, "newslint.office_trie", office_trie_free);
    if (!result) {
        PyMem_Free(t->first);
        PyMem_Free(t);
    }
    goto done;
decline:
    result = Py_None;
    Py_INCREF(result);
done:
    for (int k = 0; k < got; k++)
        PyBuffer_Release(&b[k]);
    return result;
}

/* Whether each character of one- and two-byte strings is a word character for the scan
   (re's \w of the character, lower-cased when the scan folds case: bit 1 without folding,
   bit 2 with), made at the first office_scan */
static unsigned char *office_word_table;

static int office_word_table_ready(void) {
    if (office_word_table)
        return 1;
    unsigned char *table = PyMem_Malloc(65536);
    if (!table) {
        PyErr_NoMemory();
        return 0;
    }
    for (Py_UCS4 c = 0; c < 65536; c++) {
        Py_UCS4 lower = c < 128 ? (Py_UCS4)Py_TOLOWER(c) : Py_UNICODE_TOLOWER(c);
        table[c] = (unsigned char)((is_word(c) ? 1 : 0) | (is_word(lower) ? 2 : 0));
    }
    office_word_table = table;
    return 1;
}

/* office_scan's loop over the positions where no match can start (SKIP_NO_MATCH's, with the
   rest of a word passed by one table look-up a character) */
#define OFFICE_SKIP(TYPE)                                                                            \
    {                                                                                                \
        const TYPE *d = (const TYPE *)s.data;                                                        \
        const Py_ssize_t n = s.len;                                                                  \
        while (i < n && d[i] < 128) {                                                                \
            unsigned char c = ascii[d[i]];                                                           \
            if (!t->skip[c]) {                                                                       \
                if (!s.root_child[c] || t->other_starts || i + 1 >= n || d[i + 1] >= 128)            \
                    break;                                                                           \
                unsigned char next = ascii[d[i + 1]];                                                \
                if (s.second[c][next >> 6] >> (next & 63) & 1)                                       \
                    break;                                                                           \
            }                                                                                        \
            i++;                                                                                     \
            if (word[c]) {                                                                           \
                if (sizeof(TYPE) == 4) {                                                             \
                    while (i < n && (d[i] < 128 ? word[d[i]]                                         \
                                                : Py_UNICODE_ISALNUM(fold ? Py_UNICODE_TOLOWER(d[i]) \
                                                                          : (Py_UCS4)d[i])))         \
                        i++;                                                                         \
                } else {                                                                             \
                    while (i < n && (wide[d[i]] & bit))                                              \
                        i++;                                                                         \
                }                                                                                    \
                i++;                                                                                 \
            }                                                                                        \
        }                                                                                            \
    }

/* a scan of `text` with the trie office_trie made */
static void scan_of_trie(scan *s, const office_trie_tables *t, PyObject *text, int fold) {
    s->kind = PyUnicode_KIND(text);
    s->data = PyUnicode_DATA(text);
    s->len = PyUnicode_GET_LENGTH(text);
    s->fold = fold;
    s->first = t->first;
    s->chr = t->chr;
    s->child = t->child;
    s->terminal = t->terminal;
    s->nodes = t->nodes;
    memcpy(s->root_child, t->root_child, sizeof s->root_child);
    memcpy(s->second, t->second, sizeof s->second);
}

/* office_scan(text, trie, fold): office_spans(text, *arrays, fold) with the trie office_trie
   made of the arrays: the same spans, or None where office_spans gives None */
static PyObject *office_scan(PyObject *self, PyObject *args) {
    PyObject *text, *capsule;
    int fold = 0;
    if (!PyArg_ParseTuple(args, "UOp", &text, &capsule, &fold))
        return NULL;
    office_trie_tables *t = PyCapsule_GetPointer(capsule, "newslint.office_trie");
    if (!t || !office_word_table_ready())
        return NULL;
    if (fold && !PyUnicode_IS_ASCII(text)
        && (PyUnicode_FindChar(text, 0x130, 0, PyUnicode_GET_LENGTH(text), 1) != -1
            || PyUnicode_FindChar(text, 0x3A3, 0, PyUnicode_GET_LENGTH(text), 1) != -1)) {
        Py_RETURN_NONE; /* as office_spans */
    }
    scan s;
    scan_of_trie(&s, t, text, fold);
    unsigned char ascii[128], word[128];
    scan_ascii_tables(ascii, word, fold);
    const unsigned char *wide = office_word_table, bit = fold ? 2 : 1;
    PyObject *result = PyList_New(0);
    if (!result)
        return NULL;
    /* the loop of office_spans */
    Py_ssize_t i = 0;
    while (i < s.len) {
        if (s.kind == PyUnicode_1BYTE_KIND)
            OFFICE_SKIP(Py_UCS1)
        else if (s.kind == PyUnicode_2BYTE_KIND)
            OFFICE_SKIP(Py_UCS2)
        else
            OFFICE_SKIP(Py_UCS4)
        if (i >= s.len)
            break;
        Py_UCS4 c = scan_char(&s, i);
        int starts_here = !(c < 128 && t->skip[c]);
        if (starts_here && c < 128 && s.root_child[c] && !t->other_starts && i + 1 < s.len) {
            Py_UCS4 next = scan_char(&s, i + 1);
            starts_here = next >= 128 || (s.second[c][next >> 6] >> (next & 63) & 1);
        }
        if (starts_here) {
            Py_ssize_t end = walk(&s, 0, i);
            if (end == -2) {
                Py_DECREF(result);
                Py_RETURN_NONE;
            }
            if (end >= i) {
                PyObject *span = Py_BuildValue("(nn)", i, end);
                if (!span || PyList_Append(result, span) < 0) {
                    Py_XDECREF(span);
                    Py_DECREF(result);
                    return NULL;
                }
                Py_DECREF(span);
                if (end > i) {
                    i = end;
                    if (is_word(scan_char(&s, end - 1)))
                        i = skip_word_chars(&s, i) + 1;
                    continue;
                }
            }
        }
        i++;
        if (is_word(c))
            i = skip_word_chars(&s, i) + 1;
    }
    return result;
}

/* office_blocks(blocks, spans): mentions.blocks_holding, for a list of blocks (each with an int
   `start` and a str `text`) and a list of (start, end) spans of ints, sorted and disjoint: for
   each block that a span overlaps, (index, first, stop), spans[first:stop] those inside it. None
   for other input. */
static Py_ssize_t bisect_right_at(const Py_ssize_t *a, Py_ssize_t n, Py_ssize_t x, Py_ssize_t lo) {
    Py_ssize_t hi = n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (x < a[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static Py_ssize_t bisect_left_at(const Py_ssize_t *a, Py_ssize_t n, Py_ssize_t x, Py_ssize_t lo) {
    Py_ssize_t hi = n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (a[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static PyObject *office_blocks_start, *office_blocks_text; /* the attribute names, made once */

static PyObject *office_blocks(PyObject *self, PyObject *args) {
    PyObject *blocks, *spans;
    if (!PyArg_ParseTuple(args, "O!O!", &PyList_Type, &blocks, &PyList_Type, &spans))
        return NULL;
    if (!office_blocks_start && !(office_blocks_start = PyUnicode_InternFromString("start")))
        return NULL;
    if (!office_blocks_text && !(office_blocks_text = PyUnicode_InternFromString("text")))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(spans);
    Py_ssize_t *starts = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(2 * n + 1));
    if (!starts)
        return PyErr_NoMemory();
    Py_ssize_t *ends = starts + n;
    PyObject *result = NULL;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *span = PyList_GET_ITEM(spans, k);
        if (!PyTuple_CheckExact(span) || PyTuple_GET_SIZE(span) != 2 || !PyLong_CheckExact(PyTuple_GET_ITEM(span, 0))
            || !PyLong_CheckExact(PyTuple_GET_ITEM(span, 1)))
            goto decline;
        starts[k] = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 0));
        ends[k] = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 1));
        if ((starts[k] == -1 || ends[k] == -1) && PyErr_Occurred()) {
            PyErr_Clear();
            goto decline;
        }
        /* sorted and disjoint, as the scan gives them (the bisections need it) */
        if (starts[k] > ends[k] || (k && ends[k - 1] > starts[k]))
            goto decline;
    }
    result = PyList_New(0);
    if (!result)
        goto done;
    for (Py_ssize_t index = 0; index < PyList_GET_SIZE(blocks); index++) {
        PyObject *block = PyList_GET_ITEM(blocks, index);
        PyObject *start = block_field(block, 3, office_blocks_start);
        if (!start) {
            Py_CLEAR(result);
            goto done;
        }
        PyObject *text = block_field(block, 5, office_blocks_text);
        if (!text) {
            Py_DECREF(start);
            Py_CLEAR(result);
            goto done;
        }
        int usable = PyLong_CheckExact(start) && PyUnicode_Check(text);
        Py_ssize_t begin = usable ? PyLong_AsSsize_t(start) : 0;
        Py_ssize_t end = usable ? begin + PyUnicode_GET_LENGTH(text) : 0;
        Py_DECREF(start);
        Py_DECREF(text);
        if (!usable || (begin == -1 && PyErr_Occurred())) {
            PyErr_Clear();
            Py_CLEAR(result);
            goto decline;
        }
        Py_ssize_t first = bisect_right_at(ends, n, begin, 0); /* the first span ending after the block's start */
        if (first == n || starts[first] >= end)
            continue;
        Py_ssize_t stop = bisect_left_at(starts, n, end, first);
        PyObject *held = Py_BuildValue("(nnn)", index, first, stop);
        if (!held || PyList_Append(result, held) < 0) {
            Py_XDECREF(held);
            Py_CLEAR(result);
            goto done;
        }
        Py_DECREF(held);
    }
    goto done;
decline:
    result = Py_None;
    Py_INCREF(result);
done:
    PyMem_Free(starts);
    return result;
}

/* ---- repeated-block's corpus pass: reading the summaries (s28) ------------------------------
 *
 * corpus_take(entries, version, fields, print_count): what Corpus.__init__ reads of a run of
 * (path, summary) entries, in one pass: the base64 of every summary decoded into one table and
 * one fingerprint buffer, the other keys into lists. A summary Corpus would skip (another
 * version, a key missing, sizes that do not agree) is skipped the same way; anything it reads
 * by a path this function does not take (base64 that is not canonical, a path that is not a
 * str, headline words that are not a list of small ints, words not an int) makes it return None:
 * the caller then reads that run in Python. Returns (paths, dates, story keys, words, heads,
 * head counts, table, prints, paragraph counts): three lists and six bytes objects of uint32
 * (little-endian, as the summaries hold them). */

static signed char b64_value[256];

static void b64_init(void) {
    const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    memset(b64_value, -1, sizeof b64_value);
    for (int i = 0; i < 64; i++)
        b64_value[(unsigned char)alphabet[i]] = (signed char)i;
}

/* The length canonical base64 `text` (length n) decodes to, or -1 for a length that is not a
 * multiple of 4 (the characters are checked as they are decoded: `b64_decode`). */
static Py_ssize_t b64_decoded_length(const unsigned char *text, Py_ssize_t n) {
    if (n % 4)
        return -1;
    if (n == 0)
        return 0;
    return n / 4 * 3 - (text[n - 1] == '=' ? (text[n - 2] == '=' ? 2 : 1) : 0);
}

/* Decode canonical base64 into `out` (b64_decoded_length bytes); -1 when the text is not
 * canonical (a character outside the alphabet, padding elsewhere than at the end, or bits left
 * over that a2b_base64 would drop), which the caller declines. */
static int b64_decode(const unsigned char *text, Py_ssize_t n, unsigned char *out) {
    if (n == 0)
        return 0;
    int bad = 0;  /* a character outside the alphabet has the value -1: its sign bit stays */
    Py_ssize_t i = 0;
    for (; i + 4 < n; i += 4, out += 3) {  /* every quad but the last, which may be padded */
        int a = b64_value[text[i]], b = b64_value[text[i + 1]], c = b64_value[text[i + 2]], d = b64_value[text[i + 3]];
        bad |= a | b | c | d;
        uint32_t x = (uint32_t)a << 18 | (uint32_t)b << 12 | (uint32_t)c << 6 | (uint32_t)d;
        out[0] = (unsigned char)(x >> 16);
        out[1] = (unsigned char)(x >> 8);
        out[2] = (unsigned char)x;
    }
    int a = b64_value[text[i]], b = b64_value[text[i + 1]];
    bad |= a | b;
    out[0] = (unsigned char)(a << 2 | (b & 0x3F) >> 4);
    if (text[i + 2] == '=') {
        bad |= (text[i + 3] == '=' ? 0 : -1) | (b & 0x0F ? -1 : 0);
        return bad < 0 ? -1 : 0;
    }
    int c = b64_value[text[i + 2]];
    bad |= c;
    out[1] = (unsigned char)((b & 0x3F) << 4 | (c & 0x3F) >> 2);
    if (text[i + 3] == '=') {
        bad |= c & 0x03 ? -1 : 0;
        return bad < 0 ? -1 : 0;
    }
    int d = b64_value[text[i + 3]];
    bad |= d;
    out[2] = (unsigned char)((c & 0x3F) << 6 | (d & 0x3F));
    return bad < 0 ? -1 : 0;
}

/* a growing buffer of bytes */
typedef struct { unsigned char *data; Py_ssize_t size, room; } take_buffer;

static unsigned char *take_room(take_buffer *buffer, Py_ssize_t more) {
    if (buffer->data == NULL || buffer->size + more > buffer->room) {  /* NULL: none yet, even for 0 bytes */
        Py_ssize_t room = buffer->room ? buffer->room : 4096;
        while (room < buffer->size + more)
            room *= 2;
        unsigned char *grown = PyMem_Realloc(buffer->data, room);
        if (grown == NULL)
            return NULL;
        buffer->data = grown;
        buffer->room = room;
    }
    unsigned char *at = buffer->data + buffer->size;
    buffer->size += more;
    return at;
}

static int take_u32(take_buffer *buffer, uint32_t value) {
    unsigned char *at = take_room(buffer, 4);
    if (at == NULL)
        return -1;
    at[0] = value & 0xFF; at[1] = value >> 8 & 0xFF; at[2] = value >> 16 & 0xFF; at[3] = value >> 24;
    return 0;
}

static uint32_t read_u32(const unsigned char *at) {
    return (uint32_t)at[0] | (uint32_t)at[1] << 8 | (uint32_t)at[2] << 16 | (uint32_t)at[3] << 24;
}

/* the ASCII characters of a str value, or NULL (not a str, or not ASCII: declined) */
static const unsigned char *ascii_of(PyObject *value, Py_ssize_t *n) {
    if (!PyUnicode_CheckExact(value) || !PyUnicode_IS_ASCII(value))
        return NULL;
    *n = PyUnicode_GET_LENGTH(value);
    return PyUnicode_1BYTE_DATA(value);
}

enum { TAKE_KEPT = 1, TAKE_SKIPPED = 0, TAKE_DECLINED = -1, TAKE_FAILED = -2 };

static PyObject *take_key_version, *take_key_paragraphs, *take_key_fingerprints, *take_key_headline_words,
    *take_key_words, *take_key_date, *take_key_story;

/* One entry: appended to the buffers and lists (TAKE_KEPT), skipped as Corpus skips it, or
 * declined (the caller reads the run in Python). */
static int take_one(PyObject *entry, PyObject *version, Py_ssize_t fields, Py_ssize_t print_count,
                    PyObject *paths, PyObject *dates, PyObject *stories, take_buffer *words, take_buffer *heads,
                    take_buffer *head_counts, take_buffer *table, take_buffer *prints, take_buffer *paragraph_counts) {
    if (!PyTuple_CheckExact(entry) || PyTuple_GET_SIZE(entry) != 2)
        return TAKE_DECLINED;
    PyObject *path = PyTuple_GET_ITEM(entry, 0), *data = PyTuple_GET_ITEM(entry, 1);
    if (!PyDict_CheckExact(data))
        return PyDict_Check(data) ? TAKE_DECLINED : TAKE_SKIPPED;
    PyObject *found = PyDict_GetItemWithError(data, take_key_version);
    if (found == NULL)
        return PyErr_Occurred() ? TAKE_FAILED : TAKE_SKIPPED;
    if (!PyLong_CheckExact(found))
        return TAKE_DECLINED;
    int same = PyObject_RichCompareBool(found, version, Py_EQ);
    if (same < 0)
        return TAKE_FAILED;
    if (!same)
        return TAKE_SKIPPED;
    PyObject *rows_text = PyDict_GetItemWithError(data, take_key_paragraphs);
    PyObject *prints_text = rows_text ? PyDict_GetItemWithError(data, take_key_fingerprints) : NULL;
    if (prints_text == NULL)
        return PyErr_Occurred() ? TAKE_FAILED : TAKE_SKIPPED;
    Py_ssize_t rows_n, prints_n;
    const unsigned char *rows_chars = ascii_of(rows_text, &rows_n), *prints_chars = ascii_of(prints_text, &prints_n);
    if (rows_chars == NULL || prints_chars == NULL)
        return TAKE_DECLINED;
    Py_ssize_t rows_bytes = b64_decoded_length(rows_chars, rows_n), prints_bytes = b64_decoded_length(prints_chars, prints_n);
    if (rows_bytes < 0 || prints_bytes < 0)
        return TAKE_DECLINED;
    /* decoded in place at the ends of the table and the prints (a text a2b_base64 would read
     * otherwise is declined before any test skips the entry); taken back when they disagree */
    unsigned char *rows_at = take_room(table, rows_bytes), *prints_at = rows_at ? take_room(prints, prints_bytes) : NULL;
    if (prints_at == NULL)
        return TAKE_FAILED;
    if (b64_decode(rows_chars, rows_n, rows_at) < 0 || b64_decode(prints_chars, prints_n, prints_at) < 0)
        return TAKE_DECLINED;
    uint64_t counted = 0;
    if (rows_bytes % (4 * fields) == 0 && prints_bytes % 4 == 0)
        for (Py_ssize_t row = 0; row < rows_bytes / (4 * fields); row++)
            counted += read_u32(rows_at + 4 * (row * fields + print_count));
    if (rows_bytes % (4 * fields) || prints_bytes % 4 || counted * 4 != (uint64_t)prints_bytes) {
        table->size -= rows_bytes;
        prints->size -= prints_bytes;
        return TAKE_SKIPPED;
    }
    /* what Python reads by other paths than these declines the whole run (before any append) */
    PyObject *heads_value = PyDict_GetItemWithError(data, take_key_headline_words);
    PyObject *words_value = heads_value || !PyErr_Occurred() ? PyDict_GetItemWithError(data, take_key_words) : NULL;
    if (PyErr_Occurred())
        return TAKE_FAILED;
    Py_ssize_t head_n = 0;
    if (heads_value != NULL && heads_value != Py_None) {
        if (!PyList_CheckExact(heads_value))
            return TAKE_DECLINED;
        head_n = PyList_GET_SIZE(heads_value);
        for (Py_ssize_t i = 0; i < head_n; i++) {
            PyObject *item = PyList_GET_ITEM(heads_value, i);
            if (!PyLong_CheckExact(item))
                return TAKE_DECLINED;
            unsigned long long value = PyLong_AsUnsignedLongLong(item);
            if (value == (unsigned long long)-1 && PyErr_Occurred()) {
                PyErr_Clear();
                return TAKE_DECLINED;
            }
            if (value > 0xFFFFFFFFull)
                return TAKE_DECLINED;
        }
    }
    uint32_t word_count = 0;
    if (words_value != NULL) {
        if (!PyLong_CheckExact(words_value))
            return TAKE_DECLINED;
        unsigned long long value = PyLong_AsUnsignedLongLong(words_value);
        if ((value == (unsigned long long)-1 && PyErr_Occurred()) || value > 0xFFFFFFFFull) {
            PyErr_Clear();
            return TAKE_DECLINED;
        }
        word_count = (uint32_t)value;
    }
    if (!PyUnicode_CheckExact(path))
        return TAKE_DECLINED;
    PyObject *date = PyDict_GetItemWithError(data, take_key_date);
    PyObject *story = date || !PyErr_Occurred() ? PyDict_GetItemWithError(data, take_key_story) : NULL;
    if (PyErr_Occurred())
        return TAKE_FAILED;
    if (PyList_Append(paths, path) < 0 || PyList_Append(dates, date ? date : Py_None) < 0
        || PyList_Append(stories, story && PyUnicode_Check(story) ? story : Py_None) < 0)
        return TAKE_FAILED;
    if (take_u32(words, word_count) < 0 || take_u32(head_counts, (uint32_t)head_n) < 0
        || take_u32(paragraph_counts, (uint32_t)(rows_bytes / (4 * fields))) < 0)
        return TAKE_FAILED;
    for (Py_ssize_t i = 0; i < head_n; i++)
        if (take_u32(heads, (uint32_t)PyLong_AsUnsignedLongLong(PyList_GET_ITEM(heads_value, i))) < 0)
            return TAKE_FAILED;
    return TAKE_KEPT;
}

static PyObject *corpus_take(PyObject *self, PyObject *args) {
    PyObject *entries, *version;
    Py_ssize_t fields, print_count;
    if (!PyArg_ParseTuple(args, "O!Onn", &PyList_Type, &entries, &version, &fields, &print_count))
        return NULL;
    if (fields <= 0 || print_count < 0 || print_count >= fields) {
        PyErr_SetString(PyExc_ValueError, "corpus_take: print_count must be a field of the row");
        return NULL;
    }
    PyObject *result = NULL;
    PyObject *paths = PyList_New(0), *dates = PyList_New(0), *stories = PyList_New(0);
    take_buffer buffers[6] = {{0}};  /* words, heads, head counts, table, prints, paragraph counts */
    if (paths == NULL || dates == NULL || stories == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(entries); i++) {
        int taken = take_one(PyList_GET_ITEM(entries, i), version, fields, print_count, paths, dates, stories,
                             &buffers[0], &buffers[1], &buffers[2], &buffers[3], &buffers[4], &buffers[5]);
        if (taken == TAKE_FAILED)
            goto done;
        if (taken == TAKE_DECLINED) {
            result = Py_None;
            Py_INCREF(result);
            goto done;
        }
    }
#define TAKEN(b) (buffers[b].data ? (const char *)buffers[b].data : ""), buffers[b].size  /* y# of NULL is None */
    result = Py_BuildValue("(OOOy#y#y#y#y#y#)", paths, dates, stories, TAKEN(0), TAKEN(1), TAKEN(2), TAKEN(3), TAKEN(4), TAKEN(5));
#undef TAKEN
done:
    Py_XDECREF(paths);
    Py_XDECREF(dates);
    Py_XDECREF(stories);
    for (int b = 0; b < 6; b++)
        PyMem_Free(buffers[b].data);
    return result;
}

/* canonical_base64(text): the bytes canonical base64 text decodes to (what binascii.a2b_base64
 * gives it), or None for any other text (not a str, not ASCII, not canonical), which the caller
 * gives a2b_base64. */
static PyObject *canonical_base64(PyObject *self, PyObject *text) {
    Py_ssize_t n;
    const unsigned char *chars = ascii_of(text, &n);
    Py_ssize_t size = chars ? b64_decoded_length(chars, n) : -1;
    if (size < 0)
        Py_RETURN_NONE;
    PyObject *found = PyBytes_FromStringAndSize(NULL, size);
    if (found == NULL)
        return NULL;
    if (b64_decode(chars, n, (unsigned char *)PyBytes_AS_STRING(found)) < 0) {
        Py_DECREF(found);
        Py_RETURN_NONE;
    }
    return found;
}

static int corpus_take_init(void) {
    b64_init();
    take_key_version = PyUnicode_InternFromString("version");
    take_key_paragraphs = PyUnicode_InternFromString("paragraphs");
    take_key_fingerprints = PyUnicode_InternFromString("fingerprints");
    take_key_headline_words = PyUnicode_InternFromString("headline_words");
    take_key_words = PyUnicode_InternFromString("words");
    take_key_date = PyUnicode_InternFromString("date");
    take_key_story = PyUnicode_InternFromString("story");
    return take_key_version && take_key_paragraphs && take_key_fingerprints && take_key_headline_words
        && take_key_words && take_key_date && take_key_story ? 0 : -1;
}

/* -- title-role (s28) ------------------------------------------------------------------------ */

/* office_scan_words(text, trie, fold): office_scan(text, trie, fold), the same spans (or None),
   found another way. office_scan steps through every word with a branch a character, and the
   end of each word is a branch the processor mispredicts: most of its time. A match starts
   only where no word character stands before it, so here the word characters of 16 characters
   at a time are found with SSE2 (ASCII by comparisons, the others by office_scan's table), and
   only the positions after a character that is not one of a word are looked at: those that are
   ASCII by the pair of their first two characters (`office_pairs`), the others by office_scan's
   own step. Taken only for the tries it was written for (no white space first, no word of one
   character or none, no ASCII character that is not one of a word first: the built-in office
   words and most aliases) and one- and two-byte text; office_scan takes the rest. */
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define OFFICE_WORDS_SSE2 1
#endif

#ifdef OFFICE_WORDS_SSE2
/* office_scan's decision at a position no word character stands before: whether a match may
   start there (its walk is tried) */
static inline int office_may_start(const scan *s, const office_trie_tables *t, Py_ssize_t i) {
    Py_UCS4 c = scan_char(s, i);
    if (c < 128 && t->skip[c])
        return 0;
    if (c < 128 && t->root_child[c] && !t->other_starts && i + 1 < s->len) {
        Py_UCS4 next = scan_char(s, i + 1);
        return next >= 128 || (t->second[c][next >> 6] >> (next & 63) & 1);
    }
    return 1;
}

/* the ASCII word characters (letters, digits, '_') among 16 bytes, as a bit mask (the bits of
   bytes beyond ASCII mean nothing) */
static inline unsigned ascii_word_mask(__m128i v) {
    __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
    __m128i alpha = _mm_cmplt_epi8(_mm_add_epi8(lower, _mm_set1_epi8((char)(0x80 - 'a'))), _mm_set1_epi8(-128 + 26));
    __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - '0'))), _mm_set1_epi8(-128 + 10));
    __m128i under = _mm_cmpeq_epi8(v, _mm_set1_epi8('_'));
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(alpha, digit), under));
}

/* 16 characters from `d`: their bytes (ASCII ones as they are) and which are beyond ASCII */
static inline __m128i load16_ucs1(const Py_UCS1 *d, unsigned *beyond) {
    __m128i v = _mm_loadu_si128((const __m128i *)d);
    *beyond = (unsigned)_mm_movemask_epi8(v);
    return v;
}

static inline __m128i load16_ucs2(const Py_UCS2 *d, unsigned *beyond) {
    __m128i lo = _mm_loadu_si128((const __m128i *)d), hi = _mm_loadu_si128((const __m128i *)(d + 8));
    __m128i high_bits = _mm_set1_epi16((short)0xFF80), zero = _mm_setzero_si128();
    __m128i ascii = _mm_packs_epi16(_mm_cmpeq_epi16(_mm_and_si128(lo, high_bits), zero),
                                    _mm_cmpeq_epi16(_mm_and_si128(hi, high_bits), zero));
    *beyond = ~(unsigned)_mm_movemask_epi8(ascii) & 0xFFFF;
    return _mm_packus_epi16(lo, hi); /* (characters beyond ASCII saturate: their bytes mean nothing) */
}

/* what the loop of one string kind needs besides the text */
typedef struct {
    scan *s;
    const office_trie_tables *t;
    const unsigned char *ascii, *word, *wide;
    unsigned char bit;
    int check_fold; /* decline text holding U+0130 or U+03A3 (two-byte text, lower-cased as read) */
    uint64_t pairs[128][2]; /* second[c] where c starts a root edge, else nothing */
    PyObject *result;
} office_words_loop;

/* whether a match may start at `at` (no word character before it) by its first two
   characters, when both are ASCII (`next` is 128 at the end of the text): most positions are
   ruled out here */
static inline int office_pair_may_start(const office_words_loop *w, Py_UCS4 here, Py_UCS4 next) {
    if (here >= 128 || next >= 128)
        return 1; /* office_words_try asks office_may_start */
    unsigned char first = w->ascii[here], second = w->ascii[next];
    return (int)(w->pairs[first][second >> 6] >> (second & 63) & 1);
}

/* whether a match may start at `at` (no word character before it; office_pair_may_start
   said it may), its walk tried there, a span appended: the end of the match, -1 without one,
   -2 to decline, -3 on an error */
static Py_ssize_t office_words_try(office_words_loop *w, Py_ssize_t at, Py_UCS4 here, Py_UCS4 next) {
    if ((here >= 128 || next >= 128) && !office_may_start(w->s, w->t, at))
        return -1;
    Py_ssize_t end = walk(w->s, 0, at);
    if (end < at)
        return end; /* -1, or -2 */
    if (w->check_fold) /* the characters inside the match, which no load of 16 reads */
        for (Py_ssize_t k = at; k < end; k++) {
            Py_UCS4 c = PyUnicode_READ(PyUnicode_2BYTE_KIND, w->s->data, k);
            if (c == 0x130 || c == 0x3A3)
                return -2;
        }
    PyObject *span = Py_BuildValue("(nn)", at, end);
    if (!span || PyList_Append(w->result, span) < 0) {
        Py_XDECREF(span);
        return -3;
    }
    Py_DECREF(span);
    return end;
}

/* the loop for one string kind: 16 characters at a time, then one at a time for the last ones.
   `prev_word`: whether the character before `p` is a word character. After a match the scan
   goes on at its end, as office_scan's does (an empty match needs a word of no character, a
   trie not taken here). */
#define OFFICE_WORDS_LOOP(TYPE, LOAD)                                                                 \
    {                                                                                                 \
        const TYPE *d = (const TYPE *)s.data;                                                         \
        Py_ssize_t p = 0;                                                                             \
        unsigned prev_word = 0;                                                                       \
        while (p + 16 <= n) {                                                                         \
            unsigned beyond;                                                                          \
            __m128i v = LOAD(d + p, &beyond);                                                         \
            unsigned word = ascii_word_mask(v) & ~beyond;                                             \
            for (unsigned m = beyond; m; m &= m - 1) {                                                \
                Py_UCS4 c = d[p + __builtin_ctz(m)];                                                  \
                if (w.check_fold && (c == 0x130 || c == 0x3A3))                                       \
                    goto decline;                                                                     \
                if (w.wide[c] & w.bit)                                                                \
                    word |= 1u << __builtin_ctz(m);                                                   \
            }                                                                                         \
            unsigned starts = (word | beyond) & ~((word << 1) | prev_word) & 0xFFFF;                  \
            prev_word = word >> 15 & 1;                                                               \
            Py_ssize_t next_p = p + 16;                                                               \
            for (; starts; starts &= starts - 1) {                                                    \
                Py_ssize_t at = p + __builtin_ctz(starts);                                            \
                Py_UCS4 here = d[at], next = at + 1 < n ? d[at + 1] : 128;                            \
                if (!office_pair_may_start(&w, here, next))                                           \
                    continue;                                                                         \
                Py_ssize_t end = office_words_try(&w, at, here, next);                                \
                if (end < -1)                                                                         \
                    goto failed;                                                                      \
                if (end > at) {                                                                       \
                    next_p = end;                                                                     \
                    prev_word = is_word(scan_char(&s, end - 1));                                      \
                    break;                                                                            \
                }                                                                                     \
            }                                                                                         \
            p = next_p;                                                                               \
        }                                                                                             \
        while (p < n) {                                                                               \
            Py_UCS4 c = d[p];                                                                         \
            if (w.check_fold && (c == 0x130 || c == 0x3A3))                                           \
                goto decline;                                                                         \
            unsigned is = c < 128 ? w.word[c] : (w.wide[c] & w.bit) != 0;                             \
            Py_UCS4 next = p + 1 < n ? d[p + 1] : 128;                                                \
            if (!prev_word && (is || c >= 128) && office_pair_may_start(&w, c, next)) {               \
                Py_ssize_t end = office_words_try(&w, p, c, next);                                    \
                if (end < -1)                                                                         \
                    goto failed;                                                                      \
                if (end > p) {                                                                        \
                    p = end;                                                                          \
                    prev_word = is_word(scan_char(&s, end - 1));                                      \
                    continue;                                                                         \
                }                                                                                     \
            }                                                                                         \
            prev_word = is;                                                                           \
            p++;                                                                                      \
        }                                                                                             \
    }
#endif

static PyObject *office_scan_words(PyObject *self, PyObject *args) {
#ifndef OFFICE_WORDS_SSE2
    return office_scan(self, args);
#else
    PyObject *text, *capsule;
    int fold = 0;
    if (!PyArg_ParseTuple(args, "UOp", &text, &capsule, &fold))
        return NULL;
    office_trie_tables *t = PyCapsule_GetPointer(capsule, "newslint.office_trie");
    if (!t || !office_word_table_ready())
        return NULL;
    int kind = PyUnicode_KIND(text);
    int taken = !t->other_starts && !t->terminal[0] && kind != PyUnicode_4BYTE_KIND;
    for (int c = 0; c < 128 && taken; c++)
        if (t->root_child[c] && !is_word((Py_UCS4)c))
            taken = 0; /* a match may start after a word character's neighbour that is none */
    if (!taken)
        return office_scan(self, args);
    scan s;
    scan_of_trie(&s, t, text, fold);
    unsigned char ascii[129], word[128];
    scan_ascii_tables(ascii, word, fold);
    ascii[128] = 0;
    office_words_loop w;
    w.s = &s;
    w.t = t;
    w.ascii = ascii;
    w.word = word;
    w.wide = office_word_table;
    w.bit = fold ? 2 : 1;
    w.check_fold = fold && kind == PyUnicode_2BYTE_KIND;
    for (int c = 0; c < 128; c++)
        for (int k = 0; k < 2; k++)
            w.pairs[c][k] = t->root_child[c] ? t->second[c][k] : 0;
    w.result = PyList_New(0);
    if (!w.result)
        return NULL;
    const Py_ssize_t n = s.len;
    if (kind == PyUnicode_1BYTE_KIND)
        OFFICE_WORDS_LOOP(Py_UCS1, load16_ucs1)
    else
        OFFICE_WORDS_LOOP(Py_UCS2, load16_ucs2)
    return w.result;
decline:
    Py_DECREF(w.result);
    Py_RETURN_NONE;
failed: /* a walk that declines (-2), or an error (-3) */
    Py_DECREF(w.result);
    if (PyErr_Occurred())
        return NULL;
    Py_RETURN_NONE;
#endif
}

/* office_alike_starts(scanned, text, begin, spans, first, stop): mentions._alike_starts for a
   unit whose text `text` starts at `begin` of `scanned` and the office words of `scanned` that
   overlap it, spans[first:stop]: their starts in `text` when they are the unit's own (what
   mentions._scanned_alike tells), False when the unit must be scanned itself; None for other
   input (spans not (int, int) tuples, indices out of range). */
static int office_alike_side(Py_UCS4 c, int dash) {
    if (c == 0x130)
        return 0; /* lower-cased to "i̇", which is no word character (nor "_" or "-") */
    Py_UCS4 lower = c < 128 ? (Py_UCS4)Py_TOLOWER(c) : Py_UNICODE_TOLOWER(c);
    return Py_UNICODE_ISALNUM(lower) || lower == '_' || (dash && lower == '-');
}

static PyObject *office_alike_starts(PyObject *self, PyObject *args) {
    PyObject *scanned, *text, *spans;
    Py_ssize_t begin, first, stop;
    if (!PyArg_ParseTuple(args, "UUnO!nn", &scanned, &text, &begin, &PyList_Type, &spans, &first, &stop))
        return NULL;
    Py_ssize_t size = PyUnicode_GET_LENGTH(scanned), length = PyUnicode_GET_LENGTH(text);
    if (begin < 0 || begin > size || first < 0 || stop <= first || stop > PyList_GET_SIZE(spans))
        Py_RETURN_NONE;
    Py_ssize_t end = begin + length;
    Py_ssize_t *starts = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(stop - first));
    if (!starts)
        return PyErr_NoMemory();
    Py_ssize_t last_end = 0;
    for (Py_ssize_t k = first; k < stop; k++) {
        PyObject *span = PyList_GET_ITEM(spans, k);
        if (!PyTuple_CheckExact(span) || PyTuple_GET_SIZE(span) != 2 || !PyLong_CheckExact(PyTuple_GET_ITEM(span, 0))
            || !PyLong_CheckExact(PyTuple_GET_ITEM(span, 1))) {
            PyMem_Free(starts);
            Py_RETURN_NONE;
        }
        starts[k - first] = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 0));
        last_end = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 1));
        if ((starts[k - first] == -1 || last_end == -1) && PyErr_Occurred()) {
            PyErr_Clear();
            PyMem_Free(starts);
            Py_RETURN_NONE;
        }
    }
    int kind = PyUnicode_KIND(scanned);
    const void *data = PyUnicode_DATA(scanned);
    int alike = starts[0] >= begin && last_end <= end;
    if (alike && begin > 0 && office_alike_side(PyUnicode_READ(kind, data, begin - 1), 0))
        alike = 0; /* a word character before the unit */
    if (alike && end < size && office_alike_side(PyUnicode_READ(kind, data, end), 1))
        alike = 0; /* a word character or "-" after it */
    if (alike && length && PyUnicode_FindChar(text, 0x3A3, 0, length, 1) != -1)
        alike = 0; /* "Σ" lower-cases by its place in a word */
    if (alike) {
        Py_ssize_t match = PyUnicode_Tailmatch(scanned, text, begin, PY_SSIZE_T_MAX, -1);
        if (match < 0) {
            PyMem_Free(starts);
            return NULL;
        }
        alike = match == 1;
    }
    PyObject *result;
    if (!alike) {
        result = Py_False;
        Py_INCREF(result);
    } else if ((result = PyList_New(stop - first))) {
        for (Py_ssize_t k = 0; k < stop - first; k++) {
            PyObject *start = PyLong_FromSsize_t(starts[k] - begin);
            if (!start) {
                Py_CLEAR(result);
                break;
            }
            PyList_SET_ITEM(result, k, start);
        }
    }
    PyMem_Free(starts);
    return result;
}

/* -- repeated-block and parsing (s28) ---------------------------------------------------------

   prose_symbol(c): whether a character beyond ASCII is one of text.AGREED_WITHOUT_UNITS that is
   no word character (Py_UNICODE_ISALNUM false, not '_'): there `re` and `regex` agree, and
   casefold leaves each such character as it is (tests/test_speedups.py checks every one), so
   `prose_letters` reads a text holding them as it reads ASCII (degree signs, currency signs,
   box drawing, arrows, emoji: 1,147 paragraphs of the 10,000 benchmark articles went to
   `words_of`, and so to `regex`, for one of them or for a joiner).

   headline_prints(headline, stopwords): corpus.headline_words of a headline `ascii_words` reads
   (ASCII, separator marks and symbols): the sorted distinct CRC-32s (zlib.crc32) of its words
   of three letters or more that are no stop word, a final "s" dropped from a word of four or
   more, the first 32 of them. None to decline (other text, `stopwords` not a frozenset of str). */

/* text.AGREED_WITHOUT_UNITS beyond ASCII, in order */
static const Py_UCS4 prose_agreed[][2] = {
    {0x80, 0xB1}, {0xB4, 0xB8}, {0xBA, 0xBB}, {0xBF, 0x2FF}, {0x370, 0x482}, {0x48A, 0x52F}, {0x5D0, 0x5EA},
    {0x2000, 0x200B}, {0x200E, 0x203E}, {0x2041, 0x2053}, {0x2055, 0x206F}, {0x20A0, 0x20CF}, {0x2100, 0x214F},
    {0x2190, 0x23FF}, {0x2500, 0x2775}, {0x2794, 0x27BF}, {0x3000, 0x3004}, {0x3008, 0x3020}, {0x3030, 0x3030},
    {0x3036, 0x3037}, {0x303D, 0x3040}, {0x3097, 0x3098}, {0x309B, 0x309C}, {0x30A0, 0x30A0}, {0x30FB, 0x30FB},
    {0xFF00, 0xFF3E}, {0xFF40, 0xFF65}, {0xFFE0, 0xFFEF}, {0x1F300, 0x1FAFF},
};

static int prose_symbol(Py_UCS4 c) {
    if (c < 0x80 || c > 0x1FAFF || Py_UNICODE_ISALNUM(c))
        return 0;
    for (size_t k = 0; k < sizeof(prose_agreed) / sizeof(prose_agreed[0]); k++) {
        if (c < prose_agreed[k][0])
            return 0;
        if (c <= prose_agreed[k][1])
            return 1;
    }
    return 0;
}

/* The index of the letter of an ASCII word that is rarest in English text (the first of them),
   for heads_holding to look for: a lower-case letter's rank by its frequency in English,
   "etaoinshrdlcumwfgypbvkjxqz" (any other character is taken as rarest of all) */
static Py_ssize_t heads_anchor(PyObject *word) {
    static const char by_frequency[] = "etaoinshrdlcumwfgypbvkjxqz";
    const char *w = (const char *)PyUnicode_1BYTE_DATA(word);
    Py_ssize_t best = 0, best_rank = -1;
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(word); i++) {
        const char *found = w[i] ? strchr(by_frequency, w[i]) : NULL;
        Py_ssize_t rank = found ? found - by_frequency : 26;
        if (rank > best_rank) {
            best = i;
            best_rank = rank;
        }
    }
    return best;
}

static word_classes headline_stop; /* the stop words (PROSE_STOP), with no function words */
static PyObject *headline_no_words; /* an empty frozenset: headline_stop's function words */

static PyObject *headline_prints(PyObject *self, PyObject *args) {
    PyObject *headline, *stopwords;
    if (!PyArg_ParseTuple(args, "OO", &headline, &stopwords))
        return NULL;
    if (!PyUnicode_Check(headline) || prose_letters(headline) != 1)
        Py_RETURN_NONE;
    if (!headline_no_words && !(headline_no_words = PyFrozenSet_New(NULL)))
        return NULL;
    int ready = word_classes_build(&headline_stop, stopwords, headline_no_words);
    if (ready <= 0)
        return ready < 0 ? NULL : (Py_INCREF(Py_None), Py_None);
    Py_ssize_t len = PyUnicode_GET_LENGTH(headline), n = 0;
    int kind = PyUnicode_KIND(headline);
    const void *data = PyUnicode_DATA(headline);
    char *word = PyMem_Malloc((size_t)len + 1);
    uint32_t *prints = PyMem_Malloc(sizeof(uint32_t) * (size_t)(len / 2 + 1)); /* a word and a character after it */
    PyObject *result = NULL;
    if (!word || !prints) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < len;) {
        Py_ssize_t size = 0;
        while (i < len && ascii_word_char(PyUnicode_READ(kind, data, i)))
            word[size++] = (char)Py_TOLOWER(PyUnicode_READ(kind, data, i++));
        if (size == 0) {
            i++;
            continue;
        }
        if (size <= 2)
            continue;
        Py_ssize_t e = word_classes_find(&headline_stop, word, size, prose_hash(word, size));
        if (e >= 0 && (headline_stop.classes[e] & PROSE_STOP))
            continue;
        if (size > 3 && word[size - 1] == 's')
            size--; /* a plural counts as its singular */
        prints[n++] = crc_update(0xFFFFFFFFu, (const unsigned char *)word, size) ^ 0xFFFFFFFFu;
    }
    qsort(prints, (size_t)n, sizeof(uint32_t), cmp_u32);
    result = PyList_New(0);
    for (Py_ssize_t k = 0; result && k < n && PyList_GET_SIZE(result) < 32; k++) {
        if (k > 0 && prints[k] == prints[k - 1])
            continue;
        PyObject *value = PyLong_FromUnsignedLong(prints[k]);
        if (!value || PyList_Append(result, value) < 0)
            Py_CLEAR(result);
        Py_XDECREF(value);
    }
done:
    PyMem_Free(word);
    PyMem_Free(prints);
    return result;
}

/* joined_sentences(text, base): text.sentences(text, base, join_abbreviations=True) for text of
   ASCII and the separator marks (`separator_mark`: no full stop of another script, no Thai or
   Lao among them), else None. A sentence ends at . ! ? or U+2026, closing quotes and brackets
   after it, before white space (text.WHITE_SPACE); the rest of the text, stripped, is the last.
   A sentence whose last ten characters end in a capital or a title and a dot
   (text.INITIAL_OR_TITLE_END, whose `^` is the start of those characters), or that the next
   one follows with a lower-case letter, is joined to the next. (The stream of the 453 articles
   with a seed chain split 12,000 sentences with `re`, `regex` and a loop in Python.) */
static inline int js_terminator(Py_UCS4 c) { return c == '.' || c == '!' || c == '?' || c == 0x2026; }
static inline int js_closer(Py_UCS4 c) { return c == '"' || c == '\'' || c == 0x201D || c == 0x2019 || c == ')' || c == ']'; }
/* text.WHITE_SPACE (regex's \s) among the characters taken */
static inline int js_space(Py_UCS4 c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0 || c == 0x2009 || c == 0x202F;
}
static const char *const js_titles[] = {"Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Sen", "Rep", "Gov", "Gen", "Lt", "Col",
                                        "Sgt", "Capt", "Rev", "Hon", "Jr", "Sr", "No", "vs", "approx"};

/* INITIAL_OR_TITLE_END.search(text[from:end]) */
static int js_initial_or_title_end(int kind, const void *data, Py_ssize_t from, Py_ssize_t end) {
    if (end - from < 2 || PyUnicode_READ(kind, data, end - 1) != '.')
        return 0;
    Py_ssize_t dot = end - 1;
    for (int k = -1; k < (int)(sizeof(js_titles) / sizeof(js_titles[0])); k++) {
        Py_ssize_t size = k < 0 ? 1 : (Py_ssize_t)strlen(js_titles[k]), at = dot - size;
        if (at < from)
            continue;
        int same = 1;
        for (Py_ssize_t i = 0; i < size && same; i++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, at + i);
            same = k < 0 ? (c >= 'A' && c <= 'Z') : c == (Py_UCS4)(unsigned char)js_titles[k][i];
        }
        if (!same)
            continue;
        if (at == from)
            return 1;
        Py_UCS4 before = PyUnicode_READ(kind, data, at - 1);
        if (js_space(before) || before == '(' || before == '"' || before == 0x201C || before == '\'' || before == 0x2018)
            return 1;
    }
    return 0;
}

static int js_append(PyObject *spans, Py_ssize_t start, Py_ssize_t end) {
    PyObject *span = Py_BuildValue("(nn)", start, end);
    int failed = !span || PyList_Append(spans, span) < 0;
    Py_XDECREF(span);
    return failed ? -1 : 0;
}

static PyObject *joined_sentences(PyObject *self, PyObject *args) {
    PyObject *text;
    Py_ssize_t base;
    if (!PyArg_ParseTuple(args, "On", &text, &base))
        return NULL;
    if (!PyUnicode_Check(text))
        Py_RETURN_NONE;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (!PyUnicode_IS_ASCII(text)) {
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            if (c >= 128 && !separator_mark(c))
                Py_RETURN_NONE;
        }
    }
    /* the sentences, text.sentences' loop: (start, end) pairs, then joined in place */
    Py_ssize_t *found = PyMem_Malloc(sizeof(Py_ssize_t) * 2 * (size_t)(n / 2 + 2)), count = 0, start = 0;
    if (!found)
        return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!js_terminator(PyUnicode_READ(kind, data, i)))
            continue;
        Py_ssize_t j = i + 1;
        while (j < n && js_closer(PyUnicode_READ(kind, data, j)))
            j++;
        if (j >= n || !js_space(PyUnicode_READ(kind, data, j)))
            continue; /* no white space after it: the scan goes on from the next character */
        Py_ssize_t after = j;
        while (after < n && js_space(PyUnicode_READ(kind, data, after)))
            after++;
        if (j > start) {
            found[2 * count] = start;
            found[2 * count++ + 1] = j;
        }
        start = after;
        i = after - 1;
    }
    Py_ssize_t end = n; /* text[start:].rstrip() */
    while (end > start && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, end - 1)))
        end--;
    if (end > start) {
        found[2 * count] = start;
        found[2 * count++ + 1] = end;
    }
    PyObject *spans = PyList_New(0);
    Py_ssize_t joined = 0; /* sentences kept so far, each at found[2 * (joined - 1)] */
    for (Py_ssize_t k = 0; spans && k < count; k++) {
        Py_ssize_t first = found[2 * k], last = found[2 * k + 1];
        if (joined) {
            Py_ssize_t kept_first = found[2 * (joined - 1)], kept_end = found[2 * (joined - 1) + 1];
            Py_ssize_t from = kept_end - 10 > kept_first ? kept_end - 10 : kept_first; /* _ABBREVIATION_TAIL */
            if (js_initial_or_title_end(kind, data, from, kept_end) || Py_UNICODE_ISLOWER(PyUnicode_READ(kind, data, first))) {
                found[2 * (joined - 1) + 1] = last;
                continue;
            }
        }
        found[2 * joined] = first;
        found[2 * joined++ + 1] = last;
    }
    for (Py_ssize_t k = 0; spans && k < joined; k++) {
        if (js_append(spans, base + found[2 * k], base + found[2 * k + 1]) < 0)
            Py_CLEAR(spans);
    }
    PyMem_Free(found);
    return spans;
}

/* compared_prose(blocks, kinds, limit, words): local.compared_blocks' reading of a document's
   blocks in one call: (the blocks whose kind is one of `kinds`, the characters of their text,
   heads_holding(their texts, limit, words)); None to decline (a block without a str kind or
   text, a call heads_holding declines). Python then drops the correction notes among the
   blocks the heads test names. */
static PyObject *compared_prose_kind, *compared_prose_text;

static PyObject *compared_prose(PyObject *self, PyObject *args) {
    PyObject *blocks, *kinds, *words;
    Py_ssize_t limit;
    if (!PyArg_ParseTuple(args, "OOnO", &blocks, &kinds, &limit, &words))
        return NULL;
    if (!PyList_Check(blocks) || !PyTuple_Check(kinds))
        Py_RETURN_NONE;
    if (!compared_prose_kind && (!(compared_prose_kind = PyUnicode_InternFromString("kind"))
                                 || !(compared_prose_text = PyUnicode_InternFromString("text"))))
        return NULL;
    PyObject *found = PyList_New(0), *texts = PyList_New(0), *result = NULL, *held = NULL;
    Py_ssize_t chars = 0;
    if (!found || !texts)
        goto done;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(blocks); k++) {
        PyObject *block = PyList_GET_ITEM(blocks, k);
        PyObject *kind = block_field(block, 0, compared_prose_kind);
        if (!kind)
            goto done;
        int compared = 0;
        for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(kinds) && !compared && PyUnicode_Check(kind); j++) {
            PyObject *wanted = PyTuple_GET_ITEM(kinds, j);
            compared = wanted == kind || (PyUnicode_Check(wanted) && PyUnicode_Compare(wanted, kind) == 0);
        }
        int declined = !PyUnicode_Check(kind);
        Py_DECREF(kind);
        if (declined) {
            result = (Py_INCREF(Py_None), Py_None);
            goto done;
        }
        if (!compared)
            continue;
        PyObject *text = block_field(block, 5, compared_prose_text);
        if (!text)
            goto done;
        if (!PyUnicode_Check(text)) {
            Py_DECREF(text);
            result = (Py_INCREF(Py_None), Py_None);
            goto done;
        }
        chars += PyUnicode_GET_LENGTH(text);
        int failed = PyList_Append(found, block) < 0 || PyList_Append(texts, text) < 0;
        Py_DECREF(text);
        if (failed)
            goto done;
    }
    held = heads_of(texts, limit, words);
    if (!held)
        goto done;
    result = held == Py_None ? (Py_INCREF(Py_None), Py_None) : Py_BuildValue("(OnO)", found, chars, held);
done:
    Py_XDECREF(found);
    Py_XDECREF(texts);
    Py_XDECREF(held);
    return result;
}

/* -- the worker's per-article check (s29-c) ---------------------------------------------------
   compared_prose read each block's kind and text through getattr, and heads_holding looked for
   each correction-note word with memchr at its rarest letter (the "r" of "errat" stands every
   few characters): 5.8 us an article of the benchmark's. The head is lower-cased 16 bytes at a
   time and each word's first three letters compared at 16 positions at once; a block of the
   class make_block knows has its fields read at their slots' offsets. */

/* the lower-cased bytes of the ASCII data[0:len] (Py_TOLOWER of each) into head */
static void heads_lower_ascii(unsigned char *head, const unsigned char *data, Py_ssize_t len) {
    Py_ssize_t i = 0;
#ifdef OFFICE_WORDS_SSE2
    const __m128i before_a = _mm_set1_epi8('A' - 1), after_z = _mm_set1_epi8('Z' + 1), bit = _mm_set1_epi8(0x20);
    for (; i + 16 <= len; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(data + i)); /* ASCII: a signed comparison holds */
        __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, before_a), _mm_cmplt_epi8(v, after_z));
        _mm_storeu_si128((__m128i *)(head + i), _mm_add_epi8(v, _mm_and_si128(upper, bit)));
    }
#endif
    for (; i < len; i++)
        head[i] = (unsigned char)Py_TOLOWER(data[i]);
}

/* whether the word w[0:size] stands in head[0:len] (head: HEADS_PAD bytes readable past len).
   With SSE2 its first three letters are compared at 16 positions at once, a position where they
   stand compared whole; without, memchr looks for the letter at `anchor` (its rarest). */
static int heads_find(const unsigned char *head, Py_ssize_t len, const unsigned char *w, Py_ssize_t size,
                      Py_ssize_t anchor) {
    if (size == 0)
        return 1;
#ifdef OFFICE_WORDS_SSE2
    (void)anchor;
    Py_ssize_t last = len - size; /* the last position the word may start at */
    const __m128i first = _mm_set1_epi8((char)w[0]);
    const __m128i second = _mm_set1_epi8((char)(size > 1 ? w[1] : 0)), third = _mm_set1_epi8((char)(size > 2 ? w[2] : 0));
    for (Py_ssize_t i = 0; i <= last; i += 16) { /* reads head[i + 17] at most: within len + HEADS_PAD */
        __m128i same = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(head + i)), first);
        if (size > 1)
            same = _mm_and_si128(same, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(head + i + 1)), second));
        if (size > 2)
            same = _mm_and_si128(same, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(head + i + 2)), third));
        unsigned starts = (unsigned)_mm_movemask_epi8(same);
        if (last - i < 15)
            starts &= (2u << (last - i)) - 1; /* the positions up to `last` */
        for (; starts; starts &= starts - 1) {
            if (memcmp(head + i + __builtin_ctz(starts), w, (size_t)size) == 0)
                return 1;
        }
    }
    return 0;
#else
    const unsigned char *at = head + anchor, *end = head + len;
    while (end - at >= size - anchor && (at = memchr(at, w[anchor], (size_t)(end - at - (size - anchor) + 1))) != NULL) {
        if (memcmp(at - anchor, w, (size_t)size) == 0)
            return 1;
        at++;
    }
    return 0;
#endif
}

/* block.kind (k 0) or block.text (k 5) as a new reference: read at its slot where the block is
   of the class make_block knows (block_class_known: six object slots, no other attribute can
   stand in front of them), else by getattr (`name`) */
static PyObject *block_field(PyObject *block, int k, PyObject *name) {
    if (block_class != NULL && (PyObject *)Py_TYPE(block) == block_class) {
        PyObject *value = *(PyObject **)((char *)block + block_offsets[k]);
        if (value != NULL) {
            Py_INCREF(value);
            return value;
        }
    }
    return PyObject_GetAttr(block, name); /* (an unset slot: its AttributeError) */
}

/* -- s30-w: repeated-block inside one article, its sentences' lengths ------------------------ */

/* sentence_word_counts(text, spans): [len(text.words(text[start:end])) for start, end in spans]
   for text whose characters in the spans are ASCII or separator marks (ascii_words' text: its
   words are the runs of ASCII word characters), else None; None too for a span that is no pair
   of ints inside the text in order (its slice is Python's to make). The lengths of local.stream's
   sentences without their words (no str object made): local.may_repeat's test. Its twin is
   local.sentence_word_counts. */
static PyObject *sentence_word_counts(PyObject *self, PyObject *args) {
    PyObject *text, *spans;
    if (!PyArg_ParseTuple(args, "OO", &text, &spans))
        return NULL;
    if (!PyUnicode_Check(text) || !PyList_Check(spans))
        Py_RETURN_NONE;
    int kind = PyUnicode_KIND(text), ascii = PyUnicode_IS_ASCII(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), count = PyList_GET_SIZE(spans);
    PyObject *result = PyList_New(count);
    if (!result)
        return NULL;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *span = PyList_GET_ITEM(spans, k);
        if (!PyTuple_Check(span) || PyTuple_GET_SIZE(span) != 2 || !PyLong_CheckExact(PyTuple_GET_ITEM(span, 0))
            || !PyLong_CheckExact(PyTuple_GET_ITEM(span, 1)))
            goto decline;
        Py_ssize_t start = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 0)), end = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 1));
        if (start < 0 || end < start || end > n) { /* (-1 also for an int too large: its error cleared) */
            PyErr_Clear();
            goto decline;
        }
        Py_ssize_t words = 0;
        int inside = 0; /* the character before was a word character */
        for (Py_ssize_t i = start; i < end; i++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            if (!ascii && c >= 128 && !separator_mark(c))
                goto decline;
            int word = ascii_word_char(c);
            words += word && !inside;
            inside = word;
        }
        PyObject *number = PyLong_FromSsize_t(words);
        if (!number) {
            Py_DECREF(result);
            return NULL;
        }
        PyList_SET_ITEM(result, k, number);
    }
    return result;
decline:
    Py_DECREF(result); /* (a list not yet filled: its NULL items are skipped) */
    Py_RETURN_NONE;
}

/* ---- s30-m: the stats of a folder's walk (pipeline/discover.py) ------------------------------ */

/* lstat_many(paths, kind): for each path of the list (str), kind(st_mode, st_size, st_mtime_ns,
   st_ino) of its lstat, made as tuple.__new__(kind, ...) makes it (kind: a tuple subclass, the
   walk's FileStat), or None where lstat fails (gone, a name too long): what the walk keeps of
   each listed file, without os.lstat's stat_result of nineteen fields (1.2 us of the 2.6 us of
   a file's os.lstat here). The system calls run without the GIL. None for input it declines: an
   item that is not a str, a path holding a NUL, or one UTF-8 cannot encode (a name git gave
   undecodable, held by surrogate escapes), a time beyond int64 nanoseconds. */
typedef struct {
    int failed;
    long mode;
    long long size, mtime_ns;
    unsigned long long inode;
} walk_stat;

static PyObject *lstat_many(PyObject *self, PyObject *args) {
    PyObject *paths, *kind;
    if (!PyArg_ParseTuple(args, "O!O!", &PyList_Type, &paths, &PyType_Type, &kind))
        return NULL;
    if (!PyType_IsSubtype((PyTypeObject *)kind, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "lstat_many: kind must be a tuple subclass");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(paths);
    const char **names = PyMem_Malloc(sizeof(char *) * (size_t)(n ? n : 1));
    walk_stat *stats = PyMem_Malloc(sizeof(walk_stat) * (size_t)(n ? n : 1));
    if (names == NULL || stats == NULL) {
        PyMem_Free(names);
        PyMem_Free(stats);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyList_GET_ITEM(paths, i);
        Py_ssize_t size;
        const char *name = PyUnicode_Check(item) ? PyUnicode_AsUTF8AndSize(item, &size) : NULL;
        if (name == NULL || strlen(name) != (size_t)size) {
            PyErr_Clear();
            PyMem_Free(names);
            PyMem_Free(stats);
            Py_RETURN_NONE;
        }
        names[i] = name; /* the str's own UTF-8, kept with it: the list holds the str */
    }
    int beyond = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n; i++) {
        struct stat st;
        walk_stat *out = &stats[i];
        out->failed = lstat(names[i], &st) != 0;
        if (out->failed)
            continue;
        long long seconds = (long long)st.st_mtim.tv_sec, nanoseconds = (long long)st.st_mtim.tv_nsec;
        if (seconds > (LLONG_MAX - nanoseconds) / 1000000000LL || seconds < LLONG_MIN / 1000000000LL + 1)
            beyond = 1;
        out->mode = (long)st.st_mode;
        out->size = (long long)st.st_size;
        out->mtime_ns = seconds * 1000000000LL + nanoseconds;
        out->inode = (unsigned long long)st.st_ino;
    }
    Py_END_ALLOW_THREADS
    PyMem_Free(names);
    if (beyond) {
        PyMem_Free(stats);
        Py_RETURN_NONE;
    }
    PyObject *found = PyList_New(n);
    if (found == NULL) {
        PyMem_Free(stats);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        walk_stat *in = &stats[i];
        if (in->failed) {
            Py_INCREF(Py_None);
            PyList_SET_ITEM(found, i, Py_None);
            continue;
        }
        PyObject *fields[4] = {PyLong_FromLong(in->mode), PyLong_FromLongLong(in->size),
                               PyLong_FromLongLong(in->mtime_ns), PyLong_FromUnsignedLongLong(in->inode)};
        PyObject *made = (fields[0] && fields[1] && fields[2] && fields[3])
                             ? ((PyTypeObject *)kind)->tp_alloc((PyTypeObject *)kind, 4) : NULL;
        if (made == NULL) {
            for (int k = 0; k < 4; k++)
                Py_XDECREF(fields[k]);
            Py_DECREF(found);
            PyMem_Free(stats);
            return NULL;
        }
        for (int k = 0; k < 4; k++)
            PyTuple_SET_ITEM(made, k, fields[k]); /* as tuple.__new__(kind, fields) */
        PyList_SET_ITEM(found, i, made);
    }
    PyMem_Free(stats);
    return found;
}

static PyMethodDef methods[] = {
    {"fingerprints", fingerprints, METH_VARARGS, "Sampled CRC-32 fingerprints of word runs."},
    {"exact_hash", exact_hash, METH_O, "CRC-32 of the words joined by spaces, made odd."},
    {"seed_pairs", seed_pairs, METH_VARARGS, "Pairs of positions of repeated 3-word grams."},
    {"ascii_words", ascii_words, METH_O, "text.words of text in ASCII and a few punctuation marks, else None."},
    {"office_spans", office_spans, METH_VARARGS, "Spans of the office words of lower-cased text (a trie)."},
    {"paragraph_prints", paragraph_prints, METH_VARARGS, "What repeated-block's summary keeps of a paragraph: ASCII or not, fingerprints and exact hash."},
    {"corpus_index", corpus_index, METH_VARARGS, "Corpus.build_index: sorted postings, candidate pairs and their counts."},
    {"corpus_gate", corpus_gate, METH_VARARGS, "The candidate pairs of the corpus index that may share a passage."},
    /* repeated-block inside one article */
    {"long_chains", long_chains, METH_VARARGS, "local.long_chains over word lists, for ASCII words."},
    {"may_paraphrase", may_paraphrase, METH_VARARGS, "Whether two paragraphs share enough content words to be compared."},
    /* the focus index */
    {"focus_scan", focus_scan, METH_VARARGS, "The offsets of a focus index's records holding one of the wanted keys."},
    /* repeated-block's corpus pass: comparing a candidate pair */
    {"corpus_held_at", corpus_held_at, METH_VARARGS, "corpus._held_at_uncached: per article, its paragraph holding the shared fingerprints."},
    {"corpus_evidence", corpus_evidence, METH_VARARGS, "len(corpus._evidence): the shared fingerprints only the passage's holders hold."},
    {"corpus_first_candidates", corpus_first_candidates, METH_VARARGS, "corpus.first_candidates: the paragraph pairs that may match."},
    /* parsing one article */
    {"split_lines", split_lines, METH_O, "document._split_lines: the lines of a text, their starts and endings."},
    {"text_paragraphs", text_paragraphs, METH_VARARGS, "document._text_blocks: the paragraphs of a plain-text body."},
    /* title-role */
    {"left_words", left_words, METH_VARARGS, "titles._left_words for words of ASCII and U+2019, else None."},
    {"capital_sentences", capital_sentences, METH_VARARGS, "text.sentences(text, capital_after=True) for ASCII news text, else None."},
    {"quoted_spans", quoted_spans, METH_O, "text.quoted_spans for ASCII news text and the quote marks, else None."},
    {"function_word_counts", function_word_counts, METH_VARARGS, "title-role's English test: words sampled, and those of two sets."},
    /* repeated-block: an article's prose read once */
    {"heads_holding", heads_holding, METH_VARARGS, "The texts whose head, lower-cased, may hold one of these ASCII words."},
    {"prose_pass", prose_pass, METH_VARARGS, "What repeated-block needs of an article's prose words, read once (ASCII text)."},
    /* parsing and glue (s27) */
    {"compact_json", compact_json, METH_O, "json.dumps(value, separators=(',', ':')) of plain values and ASCII text, else None."},
    /* title-role (s27) */
    {"office_trie", office_trie, METH_VARARGS, "The office words' trie, checked once, for office_scan."},
    {"office_scan", office_scan, METH_VARARGS, "office_spans with a trie from office_trie."},
    {"office_blocks", office_blocks, METH_VARARGS, "mentions.blocks_holding: the blocks the office words' spans overlap."},
    /* repeated-block's corpus pass: reading the summaries (s28) */
    {"corpus_take", corpus_take, METH_VARARGS, "What Corpus.__init__ reads of a run of (path, summary) entries, or None."},
    {"canonical_base64", canonical_base64, METH_O, "binascii.a2b_base64 of canonical base64 text, else None."},
    /* title-role (s28) */
    {"office_scan_words", office_scan_words, METH_VARARGS, "office_scan, looking only where no word character stands before (SSE2)."},
    {"office_alike_starts", office_alike_starts, METH_VARARGS, "mentions._alike_starts: the starts of a unit's office words, if the scan's."},
    /* repeated-block and parsing (s28) */
    {"headline_prints", headline_prints, METH_VARARGS, "corpus.headline_words of a headline in ASCII and a few marks, else None."},
    {"joined_sentences", joined_sentences, METH_VARARGS, "text.sentences(text, base, join_abbreviations=True) for ASCII news text, else None."},
    {"compared_prose", compared_prose, METH_VARARGS, "local.compared_blocks' blocks, their characters and the heads to test for notes."},
    /* repeated-block inside one article (s30-w) */
    {"sentence_word_counts", sentence_word_counts, METH_VARARGS, "len(text.words) of each (start, end) span of ASCII news text, else None."},
    /* s30-m: a folder's walk */
    {"lstat_many", lstat_many, METH_VARARGS, "discover's FileStat of each path's lstat (None where it fails), or None."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_speedups", NULL, -1, methods};

PyMODINIT_FUNC PyInit__speedups(void) {
    crc_init();
    prose_init();
    if (corpus_take_init() < 0)
        return NULL;
    return PyModule_Create(&module);
}
