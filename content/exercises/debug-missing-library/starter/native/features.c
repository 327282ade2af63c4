/* Summary features of a vector, computed in parallel with OpenMP. Building
 * with -fopenmp links the code against libgomp, GCC's OpenMP runtime. */
#include <math.h>
#include <stddef.h>

double l2_norm(const double *values, size_t n) {
    double sum = 0.0;
#pragma omp parallel for reduction(+ : sum)
    for (size_t i = 0; i < n; i++) sum += values[i] * values[i];
    return sqrt(sum);
}
