package io.edgeflow.slam.collab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class MaximumCliqueProperties {

    @Property(tries = 300)
    void findsACliqueAsLargeAsBruteForceDoes(
            @ForAll @IntRange(min = 0, max = 14) int n,
            @ForAll @DoubleRange(min = 0, max = 1) double density,
            @ForAll long seed) {
        boolean[][] adjacent = randomGraph(n, density, new Random(seed));
        int[] clique = MaximumClique.of(adjacent);
        for (int i : clique) {
            for (int j : clique) {
                assertThat(i == j || adjacent[i][j]).as("%d and %d are adjacent", i, j).isTrue();
            }
        }
        assertThat(clique.length).isEqualTo(bruteForceSize(adjacent));
    }

    private static boolean[][] randomGraph(int n, double density, Random rnd) {
        boolean[][] a = new boolean[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                a[i][j] = a[j][i] = rnd.nextDouble() < density;
            }
        }
        return a;
    }

    /** Largest subset, over all 2ⁿ, whose members are pairwise adjacent. */
    private static int bruteForceSize(boolean[][] a) {
        int n = a.length, best = 0;
        for (int mask = 0; mask < (1 << n); mask++) {
            boolean clique = true;
            for (int i = 0; i < n && clique; i++) {
                for (int j = i + 1; j < n && clique; j++) {
                    if ((mask >> i & 1) == 1 && (mask >> j & 1) == 1 && !a[i][j]) {
                        clique = false;
                    }
                }
            }
            if (clique) {
                best = Math.max(best, Integer.bitCount(mask));
            }
        }
        return best;
    }
}
