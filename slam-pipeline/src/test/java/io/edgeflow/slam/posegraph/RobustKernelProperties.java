package io.edgeflow.slam.posegraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

class RobustKernelProperties {

    @Property(tries = 200)
    void weightIsTheDerivativeOfRho(
            @ForAll @DoubleRange(min = 0.01, max = 1000) double s,
            @ForAll @DoubleRange(min = 0.1, max = 10) double k) {
        for (RobustKernel kernel :
                new RobustKernel[] {
                    RobustKernel.QUADRATIC, new RobustKernel.Huber(k), new RobustKernel.Cauchy(k)
                }) {
            double h = 1e-6 * s;
            if (kernel instanceof RobustKernel.Huber && Math.abs(s - k * k) < 2 * h) {
                continue; // ρ' has a kink at s = k²
            }
            double numeric = (kernel.rho(s + h) - kernel.rho(s - h)) / (2 * h);
            assertThat(kernel.weight(s)).as(kernel.toString()).isCloseTo(numeric, offset(1e-5));
            assertThat(kernel.rho(s)).isLessThanOrEqualTo(s + 1e-12);
        }
    }
}
