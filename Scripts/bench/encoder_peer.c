/* The hardware bound for the sentence encoder: the six matrix products of each BERT layer
 * (Q, K, V, attention output, feed-forward in and out) for all-MiniLM-L6-v2's shapes
 * (hidden 384, intermediate 1536, 6 layers), through OpenBLAS's cblas_sgemm with the weights
 * in PyTorch's (out, in) layout — nothing else (no attention, LayerNorm, GELU, tokenizer).
 * Prints one JSON line per case: ms per text for `texts` texts of `tokens` tokens each.
 *
 *   cc -O2 encoder_peer.c $(pkg-config --cflags --libs openblas) -o encoder_peer
 *   ./encoder_peer [tokens]
 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { HIDDEN = 384, INTER = 1536, LAYERS = 6 };

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static float *randoms(size_t n) {
    float *p = malloc(n * sizeof(float));
    for (size_t i = 0; i < n; i++) p[i] = (float)rand() / RAND_MAX - 0.5f;
    return p;
}

/* y (rows × out) = x (rows × in) · Wᵀ, W (out × in) */
static void linear(const float *x, const float *w, float *y, int rows, int in, int out) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, out, in, 1, x, in, w, in, 0, y, out);
}

static float *weights[LAYERS][6];

static void forward(float *x, float *tmp, float *inter, int rows) {
    for (int l = 0; l < LAYERS; l++) {
        for (int p = 0; p < 4; p++) linear(x, weights[l][p], tmp, rows, HIDDEN, HIDDEN);
        linear(x, weights[l][4], inter, rows, HIDDEN, INTER);
        linear(inter, weights[l][5], x, rows, INTER, HIDDEN);
    }
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void run(int tokens, int texts, int threads, int repetitions) {
    openblas_set_num_threads(threads);
    int rows = tokens * texts;
    float *x = randoms((size_t)rows * HIDDEN), *tmp = randoms((size_t)rows * HIDDEN), *inter = randoms((size_t)rows * INTER);
    double *times = malloc(repetitions * sizeof(double));
    forward(x, tmp, inter, rows); /* warm-up */
    for (int r = 0; r < repetitions; r++) {
        /* Keep activations bounded so timing never meets denormals or infinities. */
        for (int i = 0; i < rows * HIDDEN; i++) x[i] = 0.01f;
        double t0 = now();
        forward(x, tmp, inter, rows);
        times[r] = now() - t0;
    }
    qsort(times, repetitions, sizeof(double), compare);
    printf("{\"name\": \"openblas-sgemm\", \"case\": \"%s\", \"tokens\": %d, \"texts\": %d, \"blas_threads\": %d, \"ms_per_text\": %.4f, \"texts_per_second\": %.1f}\n",
           texts == 1 ? "single" : "batch", tokens, texts, threads, 1000 * times[repetitions / 2] / texts, texts / times[repetitions / 2]);
    fflush(stdout);
    free(x); free(tmp); free(inter); free(times);
}

int main(int argc, char **argv) {
    int tokens = argc > 1 ? atoi(argv[1]) : 16;
    srand(14);
    for (int l = 0; l < LAYERS; l++) {
        for (int p = 0; p < 4; p++) weights[l][p] = randoms(HIDDEN * HIDDEN);
        weights[l][4] = randoms((size_t)INTER * HIDDEN);
        weights[l][5] = randoms((size_t)HIDDEN * INTER);
    }
    run(tokens, 1, 1, 200);
    run(tokens, 16, 1, 20);
    run(tokens, 256, 1, 5);
    run(tokens, 256, 2, 5);
    return 0;
}
