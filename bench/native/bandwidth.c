// The machine's DRAM bandwidth for mseLoss's traffic (read x and y, write the gradient: 12 bytes a float32
// element) on 1 and 2 threads, to set the threaded mseLoss's GB/s against. Arrays of 16M floats (192 MB, far
// beyond any L3). Prints "threads GB/s" lines: the best of 7 passes.
// Build and run: gcc -O3 -march=native -pthread -o /tmp/bw bench/native/bandwidth.c && /tmp/bw
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { N = 1 << 24 };
static float *x, *y, *g;

struct part { long from, to; };

static void *kernel(void *arg) {
  const struct part *p = arg;
  for (long i = p->from; i < p->to; i++) g[i] = 2.0f * (x[i] - y[i]); // the same bytes as mse's fused pass
  return NULL;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(void) {
  x = malloc(N * sizeof(float)), y = malloc(N * sizeof(float)), g = malloc(N * sizeof(float));
  for (long i = 0; i < N; i++) x[i] = (float)i, y[i] = 1.0f, g[i] = 0.0f;
  for (int threads = 1; threads <= 2; threads++) {
    double best = 1e9;
    for (int pass = 0; pass < 7; pass++) {
      pthread_t ids[2];
      struct part parts[2];
      double t0 = now();
      for (int t = 0; t < threads; t++) {
        parts[t] = (struct part){ (long)N * t / threads, (long)N * (t + 1) / threads };
        pthread_create(&ids[t], NULL, kernel, &parts[t]);
      }
      for (int t = 0; t < threads; t++) pthread_join(ids[t], NULL);
      double dt = now() - t0;
      if (dt < best) best = dt;
    }
    printf("%d %.2f\n", threads, 12.0 * N / best / 1e9);
  }
  return 0;
}
