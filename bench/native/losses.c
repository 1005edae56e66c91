// Native reference for bench/: the same algorithms as assembly/ (MSE and L1 fused loss+gradient, BCE on
// probabilities and with logits, cross-entropy with the same degree-6 exp polynomial and magic-bias rounding),
// written as plain C loops for gcc to vectorise at the width it is told (-mprefer-vector-width=128 is
// WebAssembly's analogue). Built with -fno-trapping-math (bench/run.mjs): WebAssembly has no floating-point
// traps, and without it gcc leaves loops with selects (BCE's log) scalar. Prints "name ns_per_element" lines:
// median of 7 timed passes.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>

static inline float asf(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static inline uint32_t asu(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

// exp(x) for x <= 0, flushed below 2^-126: assembly/math/exp.ts expneg_f32x4
static inline float expneg(float x) {
  const float magic = asf(0x4B40007F), log2e = asf(0x3FB8AA3B);
  float vn = x * log2e + magic;
  float s = asf(asu(vn) << 23);
  vn -= magic;
  float t = x - vn * asf(0x3F317200);
  t = t - vn * asf(0x35BFBE8E);
  float p = asf(0x3AB57398) * t + asf(0x3C0933C1);
  p = p * t + asf(0x3D2AAC11);
  p = p * t + asf(0x3E2AAA0D);
  p = p * t + asf(0x3EFFFFFE);
  p = p * t + 1.0f;
  float e = s + (t * s) * p;
  return x < asf(0xC2AEAC4F) ? 0.0f : e;
}

// Loops run 16 independent lanes (acc[j]) so that gcc vectorises them without reassociating float sums;
// blocks of 256 elements are totalled in double, as the kernels do. n is a multiple of 16 here.
#define LANES(...) \
  float acc[16] = {0}; double total = 0; \
  for (int b = 0; b < n; b += 256) { \
    int end = b + 256 < n ? b + 256 : n; \
    for (int i0 = b; i0 < end; i0 += 16) for (int j = 0; j < 16; j++) { int i = i0 + j; __VA_ARGS__ } \
    for (int j = 0; j < 16; j++) { total += acc[j]; acc[j] = 0; } \
  }

static double mse_grad(const float *restrict x, const float *restrict y, float *restrict g, int n) {
  const float scale = 1.0f / n;
  LANES(float d = x[i] - y[i]; acc[j] += d * d; g[i] = 2.0f * d * scale;)
  return total / n;
}

static double l1_grad(const float *restrict x, const float *restrict y, float *restrict g, int n) {
  const float scale = 1.0f / n;
  LANES(float d = x[i] - y[i]; acc[j] += fabsf(d); g[i] = ((float)(d > 0) - (float)(d < 0)) * scale;)
  return total / n;
}

// log1p(e) for e in [0, 1]: assembly/math/log.ts vlog1pUnit (atanh series)
static inline float log1p_unit(float e) {
  float s = e / (2.0f + e), z = s * s;
  float p = (1.0f / 13) * z + (1.0f / 11);
  p = p * z + (1.0f / 9); p = p * z + (1.0f / 7); p = p * z + (1.0f / 5); p = p * z + (1.0f / 3);
  float s2 = s + s;
  return s2 + (s2 * z) * p;
}

static double bce_logits_grad(const float *restrict x, const float *restrict y, float *restrict g, int n) {
  const float scale = 1.0f / n;
  LANES(
    float xi = x[i], yi = y[i];
    float e = expneg(-fabsf(xi));
    float r = 1.0f / (1.0f + e);
    float sig = xi < 0 ? e * r : r;
    g[i] = (sig - yi) * scale;
    acc[j] += (1.0f - yi) * xi - ((xi < 0 ? xi : 0.0f) - log1p_unit(e));
  )
  return total / n;
}

// ln(x): assembly/math/log.ts log_f32x4 (musl logf's Lg1..Lg4 from the bits, subnormals scaled, specials)
static inline float logk(float x) {
  int sub = x < asf(0x00800000);
  float xs = sub ? x * 33554432.0f : x;
  uint32_t ix = asu(xs) + (0x3F800000 - 0x3F3504F3);
  int k = ((int)ix >> 23) - 0x7F - (sub ? 25 : 0);
  float f = asf((ix & 0x007FFFFF) + 0x3F3504F3) - 1.0f;
  float s = f / (2.0f + f), z = s * s, w = z * z;
  float t1 = w * (asf(0x3ECCCE13) + w * asf(0x3E789E26));
  float t2 = z * (asf(0x3F2AAAAA) + w * asf(0x3E91E9EE));
  float hfsq = 0.5f * f * f, dk = (float)k;
  float r = s * (hfsq + (t2 + t1)) + dk * asf(0x3717F7D1);
  r = ((r - hfsq) + f) + dk * asf(0x3F317180);
  r = x != x || x == INFINITY ? x : r;
  r = x == 0 ? -INFINITY : r;
  return x < 0 ? NAN : r;
}

// ln(1 + y): assembly/math/log.ts vlog1p (u = 1 + y, the quotient restores what rounding u lost)
static inline float log1pk(float y) {
  float u = 1.0f + y, fix = (y - (u - 1.0f)) / u;
  return logk(u) + (u != 0 && u != INFINITY ? fix : 0.0f);
}

// assembly/losses/ops.ts Bce (label smoothing 0 applied as the kernel does)
static double bce_grad(const float *restrict x, const float *restrict y, float *restrict g, int n) {
  const float scale = 1.0f / n, eps = 0.0f;
  LANES(
    float xi = x[i], yi = y[i] - eps * (y[i] - 0.5f);
    float den = (1.0f - xi) * xi; den = den > 1e-12f ? den : 1e-12f;
    g[i] = (xi - yi) / den * scale;
    float lx = logk(xi), l1x = log1pk(-xi);
    lx = lx < -100.0f ? -100.0f : lx; l1x = l1x < -100.0f ? -100.0f : l1x;
    acc[j] += (yi - 1.0f) * l1x - yi * lx;
  )
  return total / n;
}

// Cross-entropy with index targets, three passes per row as assembly/losses/cross_entropy.ts.
static double ce_grad(const float *restrict x, const int *restrict t, float *restrict g, int N, int C) {
  double total = 0;
  for (int r = 0; r < N; r++) {
    const float *xr = x + (size_t)r * C;
    float *gr = g + (size_t)r * C;
    float mj[16], acc[16] = {0};
    int c = 0;
    for (int j = 0; j < 16; j++) mj[j] = -INFINITY;
    for (; c + 16 <= C; c += 16) for (int j = 0; j < 16; j++) mj[j] = xr[c + j] > mj[j] ? xr[c + j] : mj[j];
    float m = -INFINITY;
    for (int j = 0; j < 16; j++) m = mj[j] > m ? mj[j] : m;
    for (int k = c; k < C; k++) m = xr[k] > m ? xr[k] : m;
    for (c = 0; c + 16 <= C; c += 16) for (int j = 0; j < 16; j++) { float e = expneg(xr[c + j] - m); gr[c + j] = e; acc[j] += e; }
    double sum = 0;
    for (int k = c; k < C; k++) { float e = expneg(xr[k] - m); gr[k] = e; sum += e; }
    for (int j = 0; j < 16; j++) sum += acc[j];
    float ls = logf((float)sum);
    total += ls - (xr[t[r]] - m);
    float a = (float)(1.0 / N / sum);
    for (int c = 0; c < C; c++) gr[c] *= a;
    gr[t[r]] -= 1.0f / N;
  }
  return total / N;
}

// -DCPU_TIME: the process's CPU time rather than the wall clock (bench/native-cpu.mjs, on a shared machine)
#ifdef CPU_TIME
#define CLOCK CLOCK_PROCESS_CPUTIME_ID
#else
#define CLOCK CLOCK_MONOTONIC
#endif
static double now(void) { struct timespec ts; clock_gettime(CLOCK, &ts); return ts.tv_sec + ts.tv_nsec * 1e-9; }
static int cmp(const void *a, const void *b) { double d = *(const double *)a - *(const double *)b; return (d > 0) - (d < 0); }

static volatile double sink;

#define TIME(name, elems, expr) do { \
  double ts[7]; long reps = 1 + (long)(2e7 / (elems)); \
  sink += (expr); \
  for (int k = 0; k < 7; k++) { double t0 = now(); for (long r = 0; r < reps; r++) sink += (expr); ts[k] = (now() - t0) / reps; } \
  qsort(ts, 7, sizeof(double), cmp); printf("%s %.4f\n", name, ts[3] * 1e9 / (elems)); } while (0)

int main(int argc, char **argv) {
  const char *which = argc > 1 ? argv[1] : "all";
  int n = argc > 2 ? atoi(argv[2]) : 1 << 20;
  int N = argc > 3 ? atoi(argv[3]) : 1024, C = argc > 4 ? atoi(argv[4]) : 1000;
  size_t size = (size_t)n > (size_t)N * C ? (size_t)n : (size_t)N * C;
  float *x = malloc(size * 4), *y = malloc(size * 4), *g = malloc(size * 4), *p = malloc(size * 4);
  int *t = malloc((size_t)N * 4);
  srand(1);
  for (size_t i = 0; i < size; i++) { x[i] = (float)rand() / RAND_MAX * 4 - 2; y[i] = (float)rand() / RAND_MAX; g[i] = 0; }
  for (int i = 0; i < N; i++) t[i] = rand() % C;
  for (size_t i = 0; i < size; i++) p[i] = 0.01f + 0.98f * ((float)rand() / RAND_MAX); // probabilities for BCE
  if (!strcmp(which, "all") || !strcmp(which, "mse")) TIME("mse", n, mse_grad(x, y, g, n));
  if (!strcmp(which, "all") || !strcmp(which, "l1")) TIME("l1", n, l1_grad(x, y, g, n));
  if (!strcmp(which, "all") || !strcmp(which, "bce")) TIME("bce", n, bce_grad(p, y, g, n));
  if (!strcmp(which, "all") || !strcmp(which, "bceLogits")) TIME("bceLogits", n, bce_logits_grad(x, y, g, n));
  if (!strcmp(which, "all") || !strcmp(which, "crossEntropy")) TIME("crossEntropy", (double)N * C, ce_grad(x, t, g, N, C));
  return 0;
}
