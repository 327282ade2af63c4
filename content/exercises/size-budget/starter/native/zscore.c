/* Largest absolute z-score of a series: how far its most unusual value lies
 * from the mean, in standard deviations. Compiled to a shared library and
 * called from Python through ctypes. */
#include <math.h>
#include <stddef.h>

double max_abs_z(const double *values, size_t n) {
    if (n < 2) return 0.0;
    double mean = 0.0;
    for (size_t i = 0; i < n; i++) mean += values[i];
    mean /= (double)n;
    double var = 0.0;
    for (size_t i = 0; i < n; i++) var += (values[i] - mean) * (values[i] - mean);
    double sd = sqrt(var / (double)(n - 1));
    if (sd == 0.0) return 0.0;
    double worst = 0.0;
    for (size_t i = 0; i < n; i++) {
        double z = fabs(values[i] - mean) / sd;
        if (z > worst) worst = z;
    }
    return worst;
}
