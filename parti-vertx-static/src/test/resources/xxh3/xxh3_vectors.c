/*
 * Produces the reference vectors of Xxh3ReferenceVectorsTest (xxh3-vectors.tsv) and JumpHashTest
 * (jump-vectors.tsv).
 *
 * Built against Debian's reference library (libxxhash-dev 0.8.1), never committed as a binary:
 *   apt-get install -y libxxhash-dev xxhash
 *   gcc -O2 -o /tmp/xxh3_vectors xxh3_vectors.c -lxxhash
 *   /tmp/xxh3_vectors > xxh3-vectors.tsv
 *   /tmp/xxh3_vectors jump > jump-vectors.tsv
 * The seed-0 rows were cross-checked with the reference command line tool, e.g.
 *   printf 'hello' | xxhsum -H3      ->  XXH3 (stdin) = 9555e8555c62dcfd
 *
 * Output, one vector per line, tab separated:
 *   seed (unsigned decimal)  xxh3_64 (16 hex digits)  key as UTF-8 hex  UTF-8 byte length  description
 * or, with the argument "jump":
 *   seed  key (ASCII)  buckets  jump_consistent_hash(xxh3_64(key, seed), buckets)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

static void emit(const char *key, size_t len, unsigned long long seed, const char *what) {
    XXH64_hash_t h = XXH3_64bits_withSeed(key, len, seed);
    printf("%llu\t%016llx\t", seed, (unsigned long long) h);
    for (size_t i = 0; i < len; i++) {
        printf("%02x", (unsigned char) key[i]);
    }
    if (len == 0) {
        printf("-");
    }
    printf("\t%zu\t%s\n", len, what);
}

/* A key of exactly n bytes repeating the pattern (n may cut a multi-byte character only for ASCII patterns). */
static char *repeat(const char *pattern, size_t n) {
    char *out = malloc(n + 1);
    size_t p = strlen(pattern);
    for (size_t i = 0; i < n; i++) {
        out[i] = pattern[i % p];
    }
    out[n] = 0;
    return out;
}

/* A key made of `times` copies of a (possibly multi-byte) UTF-8 pattern. */
static char *times(const char *pattern, size_t count) {
    size_t p = strlen(pattern);
    char *out = malloc(p * count + 1);
    for (size_t i = 0; i < count; i++) {
        memcpy(out + i * p, pattern, p);
    }
    out[p * count] = 0;
    return out;
}

/* Lamping and Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm" (2014), figure 1. */
static int32_t jump_consistent_hash(uint64_t key, int32_t num_buckets) {
    int64_t b = -1, j = 0;
    while (j < num_buckets) {
        b = j;
        key = key * 2862933555777941757ULL + 1;
        j = (b + 1) * ((double) (1LL << 31) / (double) ((key >> 33) + 1));
    }
    return (int32_t) b;
}

static void jump_vectors(void) {
    const unsigned long long seeds[] = {0ULL, 42ULL};
    const int32_t buckets[] = {1, 2, 3, 10, 64, 1000, 65536, 2147483647};
    char key[32];
    for (size_t s = 0; s < 2; s++) {
        for (int k = 0; k < 8; k++) {
            snprintf(key, sizeof key, "key-%d", k * 7919);
            for (size_t b = 0; b < sizeof(buckets) / sizeof(buckets[0]); b++) {
                uint64_t h = XXH3_64bits_withSeed(key, strlen(key), seeds[s]);
                printf("%llu\t%s\t%d\t%d\n", seeds[s], key, buckets[b], jump_consistent_hash(h, buckets[b]));
            }
        }
    }
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "jump") == 0) {
        jump_vectors();
        return 0;
    }
    const unsigned long long seeds[] = {0ULL, 1ULL, 42ULL, 0x9E3779B97F4A7C15ULL, 0xFFFFFFFFFFFFFFFFULL};
    const size_t nseeds = sizeof(seeds) / sizeof(seeds[0]);
    const char *plain[][2] = {
        {"", "empty"},
        {"a", "1 byte"},
        {"abc", "3 bytes"},
        {"hello", "5 bytes"},
        {"order-12", "8 bytes"},
        {"user:42:profile", "15 bytes"},
        {"0123456789abcdef", "16 bytes"},
        {"0123456789abcdefg", "17 bytes"},
        {"caf\xc3\xa9", "non-ASCII, Latin-1 range (cafe with acute e)"},
        {"Gr\xc3\xbc\xc3\x9f" "e", "non-ASCII, Latin-1 range (Gruesse)"},
        {"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x82\xad\xe3\x83\xbc", "non-ASCII, CJK (3-byte UTF-8)"},
        {"party \xf0\x9f\x8e\x89", "non-ASCII, emoji (4-byte UTF-8, a surrogate pair in Java)"},
    };
    const size_t nplain = sizeof(plain) / sizeof(plain[0]);
    for (size_t s = 0; s < nseeds; s++) {
        for (size_t k = 0; k < nplain; k++) {
            emit(plain[k][0], strlen(plain[k][0]), seeds[s], plain[k][1]);
        }
    }
    const size_t lengths[] = {32, 128, 129, 240, 241, 256, 1024, 1025, 5000};
    for (size_t s = 0; s < nseeds; s++) {
        for (size_t l = 0; l < sizeof(lengths) / sizeof(lengths[0]); l++) {
            char what[64];
            snprintf(what, sizeof what, "%zu ASCII bytes", lengths[l]);
            char *key = repeat("partition-key/", lengths[l]);
            emit(key, lengths[l], seeds[s], what);
            free(key);
        }
        char *cjk = times("\xe9\x8d\xb5-\xc3\xa9-", 60); /* 60 x 6 bytes = 360 bytes of mixed UTF-8 */
        emit(cjk, strlen(cjk), seeds[s], "360 bytes, mixed non-ASCII");
        free(cjk);
        char *emoji = times("\xf0\x9f\x8e\x89", 300); /* 1200 bytes of 4-byte characters */
        emit(emoji, strlen(emoji), seeds[s], "1200 bytes of emoji");
        free(emoji);
    }
    return 0;
}
