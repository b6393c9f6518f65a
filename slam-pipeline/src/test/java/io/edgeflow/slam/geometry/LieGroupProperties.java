package io.edgeflow.slam.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

/** Group laws and exp/log inverses for SE2, SE3 and SO3. */
class LieGroupProperties {

    @Property(tries = 200)
    void so3LogInvertsExp(
            @ForAll @DoubleRange(min = -1.8, max = 1.8) double a,
            @ForAll @DoubleRange(min = -1.8, max = 1.8) double b,
            @ForAll @DoubleRange(min = -1.8, max = 1.8) double c) {
        double[] w = SO3.exp(a, b, c).log();
        assertThat(w[0]).isCloseTo(a, offset(1e-9));
        assertThat(w[1]).isCloseTo(b, offset(1e-9));
        assertThat(w[2]).isCloseTo(c, offset(1e-9));
    }

    @Property(tries = 200)
    void se3ComposeWithInverseIsIdentity(
            @ForAll @DoubleRange(min = -5, max = 5) double x,
            @ForAll @DoubleRange(min = -5, max = 5) double y,
            @ForAll @DoubleRange(min = -3, max = 3) double a,
            @ForAll @DoubleRange(min = -1, max = 1) double b) {
        SE3 p = new SE3(SO3.exp(a, b, 0.3), x, y, x - y);
        double[] d = SE3.IDENTITY.localCoordinates(p.compose(p.inverse()));
        for (double v : d) {
            assertThat(v).isCloseTo(0, offset(1e-9));
        }
    }

    @Property(tries = 200)
    void retractAndLocalCoordinatesAreInverse(
            @ForAll @DoubleRange(min = -5, max = 5) double x,
            @ForAll @DoubleRange(min = -3, max = 3) double th,
            @ForAll @DoubleRange(min = -1, max = 1) double dx,
            @ForAll @DoubleRange(min = -1, max = 1) double dth) {
        SE2 p = new SE2(x, -x, th);
        double[] d = p.localCoordinates(p.retract(dx, 2 * dx, dth));
        assertThat(d[0]).isCloseTo(dx, offset(1e-9));
        assertThat(d[1]).isCloseTo(2 * dx, offset(1e-9));
        assertThat(d[2]).isCloseTo(dth, offset(1e-9));

        SE3 q = new SE3(SO3.exp(th, 0.2, -0.1), x, 1, 2);
        double[] delta = {dx, dth, 0.5, dth, -dx, 0.3};
        double[] back = q.localCoordinates(q.retract(delta));
        for (int k = 0; k < 6; k++) {
            assertThat(back[k]).isCloseTo(delta[k], offset(1e-9));
        }
    }

    @Property(tries = 100)
    void rollPitchYawRoundTrips(
            @ForAll @DoubleRange(min = -3, max = 3) double roll,
            @ForAll @DoubleRange(min = -1.5, max = 1.5) double pitch,
            @ForAll @DoubleRange(min = -3, max = 3) double yaw) {
        double[] rpy = SO3.ofRollPitchYaw(roll, pitch, yaw).toRollPitchYaw();
        assertThat(rpy[0]).isCloseTo(roll, offset(1e-9));
        assertThat(rpy[1]).isCloseTo(pitch, offset(1e-9));
        assertThat(rpy[2]).isCloseTo(yaw, offset(1e-9));
    }

    @Property(tries = 100)
    void projectionRecoversANoisyRotation(
            @ForAll @DoubleRange(min = -2, max = 2) double a,
            @ForAll @DoubleRange(min = -2, max = 2) double b) {
        SO3 r = SO3.exp(a, b, a * b);
        double[] m = r.matrix();
        for (int k = 0; k < 9; k++) {
            m[k] *= 2.5; // a scaled rotation projects back onto the same rotation
        }
        assertThat(SO3.project(m).angleTo(r)).isLessThan(1e-9);
    }

    @Property(tries = 100)
    void se2BetweenIsRelativePose(
            @ForAll @DoubleRange(min = -5, max = 5) double x,
            @ForAll @DoubleRange(min = -3, max = 3) double t1,
            @ForAll @DoubleRange(min = -3, max = 3) double t2) {
        SE2 a = new SE2(x, 1, t1), b = new SE2(-x, 2, t2);
        SE2 c = a.compose(a.between(b));
        assertThat(c.x()).isCloseTo(b.x(), offset(1e-9));
        assertThat(c.y()).isCloseTo(b.y(), offset(1e-9));
        assertThat(SE2.wrapAngle(c.theta() - b.theta())).isCloseTo(0, offset(1e-9));
    }
}
