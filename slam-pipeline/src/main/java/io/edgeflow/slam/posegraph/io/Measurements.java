package io.edgeflow.slam.posegraph.io;

import io.edgeflow.slam.geometry.SE2;
import io.edgeflow.slam.geometry.SE3;
import io.edgeflow.slam.geometry.SO3;

/** Typed views of the flat measurement arrays stored in factors. */
final class Measurements {
    private Measurements() {}

    static SE2 se2(double[] z) {
        return new SE2(z[0], z[1], z[2]);
    }

    static SE3 se3(double[] z) {
        double[] r = new double[9];
        System.arraycopy(z, 3, r, 0, 9);
        return new SE3(SO3.ofMatrix(r), z[0], z[1], z[2]);
    }
}
