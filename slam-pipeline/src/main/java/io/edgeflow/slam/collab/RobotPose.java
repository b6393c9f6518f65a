package io.edgeflow.slam.collab;

/**
 * One pose of one robot, keyed the way GTSAM's {@code Symbol} keys multi-robot graphs: the robot's
 * letter in the top byte of a 64-bit id, the pose index in the low 56 bits.
 */
public record RobotPose(char robot, long index) {
    private static final long INDEX_MASK = (1L << 56) - 1;

    public RobotPose {
        if (index < 0 || index > INDEX_MASK) {
            throw new IllegalArgumentException("pose index out of the 56-bit range: " + index);
        }
    }

    public static RobotPose ofKey(long key) {
        return new RobotPose((char) (key >>> 56), key & INDEX_MASK);
    }

    public long key() {
        return ((long) robot << 56) | index;
    }

    public static char robotOf(long key) {
        return (char) (key >>> 56);
    }

    @Override
    public String toString() {
        return robot + Long.toString(index);
    }
}
