package io.edgeflow.slam.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Analytic Jacobians of the relative-pose residual against central finite differences. */
class RelativePoseResidualProperties {
    private static final double H = 1e-6;

    @Provide
    Arbitrary<SE2> se2() {
        Arbitrary<Double> t = Arbitraries.doubles().between(-10, 10);
        Arbitrary<Double> a = Arbitraries.doubles().between(-3.1, 3.1);
        return Combinators.combine(t, t, a).as(SE2::new);
    }

    @Provide
    Arbitrary<SE3> se3() {
        Arbitrary<Double> t = Arbitraries.doubles().between(-10, 10);
        Arbitrary<Double> w = Arbitraries.doubles().between(-1.7, 1.7);
        return Combinators.combine(t, t, t, w, w, w)
                .as((x, y, z, a, b, c) -> new SE3(SO3.exp(a, b, c), x, y, z));
    }

    @Property(tries = 200)
    void se2JacobiansMatchFiniteDifferences(
            @ForAll("se2") SE2 xi,
            @ForAll("se2") SE2 xj,
            @ForAll("se2") SE2 noise,
            @ForAll boolean chordal) {
        // keep the measurement near the true relative pose, away from the ±π cut of the angle
        SE2 z = xi.between(xj).retract(0.1 * noise.x(), 0.1 * noise.y(), 0.3 * noise.theta());
        double[] e = new double[3], ji = new double[9], jj = new double[9];
        RelativePoseResidual.se2(flat(xi), 0, flat(xj), 0, flat(z), 0, chordal, e, ji, jj);
        for (int k = 0; k < 3; k++) {
            double[] d = new double[3];
            d[k] = H;
            double[] ep = new double[3], em = new double[3];
            RelativePoseResidual.se2(
                    flat(xi.retract(d[0], d[1], d[2])),
                    0,
                    flat(xj),
                    0,
                    flat(z),
                    0,
                    chordal,
                    ep,
                    null,
                    null);
            RelativePoseResidual.se2(
                    flat(xi.retract(-d[0], -d[1], -d[2])),
                    0,
                    flat(xj),
                    0,
                    flat(z),
                    0,
                    chordal,
                    em,
                    null,
                    null);
            assertColumn(ji, 3, k, ep, em);
            RelativePoseResidual.se2(
                    flat(xi),
                    0,
                    flat(xj.retract(d[0], d[1], d[2])),
                    0,
                    flat(z),
                    0,
                    chordal,
                    ep,
                    null,
                    null);
            RelativePoseResidual.se2(
                    flat(xi),
                    0,
                    flat(xj.retract(-d[0], -d[1], -d[2])),
                    0,
                    flat(z),
                    0,
                    chordal,
                    em,
                    null,
                    null);
            assertColumn(jj, 3, k, ep, em);
        }
    }

    @Property(tries = 200)
    void se3JacobiansMatchFiniteDifferences(
            @ForAll("se3") SE3 xi, @ForAll("se3") SE3 xj, @ForAll("se3") SE3 noise) {
        double[] n = noise.rotation().log();
        SE3 z =
                xi.between(xj)
                        .retract(
                                new double[] {
                                    0.1 * noise.x(), 0.1 * noise.y(), 0.1 * noise.z(),
                                    0.5 * n[0], 0.5 * n[1], 0.5 * n[2]
                                });
        var w = new RelativePoseResidual.Workspace();
        double[] e = new double[6], ji = new double[36], jj = new double[36];
        RelativePoseResidual.se3(flat(xi), 0, flat(xj), 0, flat(z), 0, w, e, ji, jj);
        for (int k = 0; k < 6; k++) {
            double[] dp = new double[6], dm = new double[6];
            dp[k] = H;
            dm[k] = -H;
            double[] ep = new double[6], em = new double[6];
            RelativePoseResidual.se3(
                    flat(xi.retract(dp)), 0, flat(xj), 0, flat(z), 0, w, ep, null, null);
            RelativePoseResidual.se3(
                    flat(xi.retract(dm)), 0, flat(xj), 0, flat(z), 0, w, em, null, null);
            assertColumn(ji, 6, k, ep, em);
            RelativePoseResidual.se3(
                    flat(xi), 0, flat(xj.retract(dp)), 0, flat(z), 0, w, ep, null, null);
            RelativePoseResidual.se3(
                    flat(xi), 0, flat(xj.retract(dm)), 0, flat(z), 0, w, em, null, null);
            assertColumn(jj, 6, k, ep, em);
        }
    }

    @Property(tries = 100)
    void residualVanishesAtTheMeasuredRelativePose(@ForAll("se3") SE3 xi, @ForAll("se3") SE3 xj) {
        double[] e = new double[6];
        RelativePoseResidual.se3(
                flat(xi),
                0,
                flat(xj),
                0,
                flat(xi.between(xj)),
                0,
                new RelativePoseResidual.Workspace(),
                e,
                null,
                null);
        for (double v : e) {
            assertThat(Math.abs(v)).isLessThan(1e-9);
        }
    }

    private static void assertColumn(double[] j, int d, int col, double[] ep, double[] em) {
        for (int r = 0; r < d; r++) {
            double numeric = (ep[r] - em[r]) / (2 * H);
            assertThat(j[r * d + col])
                    .as("row %d col %d", r, col)
                    .isCloseTo(
                            numeric,
                            org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(numeric))));
        }
    }

    static double[] flat(SE2 p) {
        return new double[] {p.x(), p.y(), p.theta()};
    }

    static double[] flat(SE3 p) {
        double[] f = new double[12];
        f[0] = p.x();
        f[1] = p.y();
        f[2] = p.z();
        System.arraycopy(p.rotation().matrix(), 0, f, 3, 9);
        return f;
    }
}
