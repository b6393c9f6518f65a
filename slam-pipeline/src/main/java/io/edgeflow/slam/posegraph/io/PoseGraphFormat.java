package io.edgeflow.slam.posegraph.io;

/**
 * The pose-graph text formats we read and write.
 *
 * <ul>
 *   <li>{@link #G2O}: {@code VERTEX_SE2}, {@code EDGE_SE2}, {@code VERTEX_SE3:QUAT}, {@code
 *       EDGE_SE3:QUAT}, upper-triangular information.
 *   <li>{@link #TORO}: {@code VERTEX2/EDGE2} (information Ixx Ixy Iyy Itt Ixt Iyt) and {@code
 *       VERTEX3/EDGE3} (x y z roll pitch yaw, 21 upper-triangular information entries).
 *   <li>{@link #ISAM}: {@code EDGE2/EDGE3} with upper-triangular square-root information.
 * </ul>
 *
 * TORO and iSAM share the tags EDGE2/EDGE3, so the file name decides: {@code .graph} is TORO,
 * anything else with those tags is iSAM.
 */
public enum PoseGraphFormat {
    G2O,
    TORO,
    ISAM;

    /** Guesses the format from the file name and its first record tag. */
    public static PoseGraphFormat detect(String fileName, String firstTag) {
        String lower = fileName.toLowerCase(java.util.Locale.ROOT).replaceAll("\\.gz$", "");
        if (firstTag.startsWith("VERTEX_") || firstTag.startsWith("EDGE_")) {
            return G2O;
        }
        if (lower.endsWith(".graph") || firstTag.equals("VERTEX2") || firstTag.equals("VERTEX3")) {
            return TORO;
        }
        if (firstTag.equals("EDGE2") || firstTag.equals("EDGE3")) {
            return ISAM;
        }
        return lower.endsWith(".g2o") ? G2O : TORO;
    }
}
