package io.edgeflow.slam.posegraph;

import io.edgeflow.slam.geometry.SE2;
import io.edgeflow.slam.geometry.SE3;
import io.edgeflow.slam.geometry.SO3;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pose graph: poses (the values, keyed by caller ids such as g2o vertex ids) and the between and
 * prior factors that constrain them. Mutable, so the SLAM operators can add poses and edges to a
 * solved graph and re-solve warm.
 *
 * <p>Without prior factors the gauge is fixed by holding the first pose added constant, as g2o and
 * Ceres' pose-graph examples do.
 */
public final class PoseGraph {
    private final PoseSpace space;
    private double[] state;
    private long[] ids;
    private int poseCount;
    private final Map<Long, Integer> indexOfId = new HashMap<>();
    private final List<BetweenFactor> between = new ArrayList<>();
    private final List<PriorFactor> priors = new ArrayList<>();
    private int structureVersion;
    // symbolic analysis of the block graph of poses 1…n−1, shared with copies of this structure
    private EliminationStructure eliminationStructure;
    private int eliminationStructureVersion = -1;
    private BackgroundSymbolicAnalysis pendingAnalysis; // for structureVersion pendingVersion
    private int pendingVersion = -1;

    public PoseGraph(PoseSpace space) {
        this.space = space;
        this.state = new double[64 * space.stride];
        this.ids = new long[64];
    }

    public static PoseGraph planar() {
        return new PoseGraph(PoseSpace.SE2);
    }

    public static PoseGraph spatial() {
        return new PoseGraph(PoseSpace.SE3);
    }

    public PoseSpace space() {
        return space;
    }

    public int poseCount() {
        return poseCount;
    }

    public int edgeCount() {
        return between.size();
    }

    public boolean hasPose(long id) {
        return indexOfId.containsKey(id);
    }

    /** Dense index (insertion order) of a pose id. */
    public int index(long id) {
        Integer i = indexOfId.get(id);
        if (i == null) {
            throw new IllegalArgumentException("no pose with id " + id);
        }
        return i;
    }

    public long id(int index) {
        if (index < 0 || index >= poseCount) {
            throw new IndexOutOfBoundsException("pose index " + index);
        }
        return ids[index];
    }

    public List<BetweenFactor> betweenFactors() {
        return Collections.unmodifiableList(between);
    }

    public List<PriorFactor> priorFactors() {
        return Collections.unmodifiableList(priors);
    }

    /** Changes whenever a pose or factor is added: solvers reuse symbolic analysis while equal. */
    public int structureVersion() {
        return structureVersion;
    }

    /** Dense index of the pose held constant to fix the gauge, or −1 when priors fix it. */
    public int anchor() {
        return priors.isEmpty() && poseCount > 0 ? 0 : -1;
    }

    // ---- poses ----

    public int addPose(long id, SE2 pose) {
        requireSpace(PoseSpace.SE2);
        int i = newPose(id);
        setPose(id, pose);
        return i;
    }

    public int addPose(long id, SE3 pose) {
        requireSpace(PoseSpace.SE3);
        int i = newPose(id);
        setPose(id, pose);
        return i;
    }

    /** Adds a pose at the identity unless present; for files that list edges only. */
    public int ensurePose(long id) {
        Integer i = indexOfId.get(id);
        if (i != null) {
            return i;
        }
        int n = newPose(id);
        space.setIdentity(state, n * space.stride);
        return n;
    }

    public void setPose(long id, SE2 pose) {
        requireSpace(PoseSpace.SE2);
        int o = index(id) * space.stride;
        state[o] = pose.x();
        state[o + 1] = pose.y();
        state[o + 2] = pose.theta();
    }

    public void setPose(long id, SE3 pose) {
        requireSpace(PoseSpace.SE3);
        int o = index(id) * space.stride;
        state[o] = pose.x();
        state[o + 1] = pose.y();
        state[o + 2] = pose.z();
        System.arraycopy(pose.rotation().matrix(), 0, state, o + 3, 9);
    }

    public SE2 pose2(long id) {
        requireSpace(PoseSpace.SE2);
        int o = index(id) * space.stride;
        return new SE2(state[o], state[o + 1], state[o + 2]);
    }

    public SE3 pose3(long id) {
        requireSpace(PoseSpace.SE3);
        int o = index(id) * space.stride;
        double[] r = new double[9];
        System.arraycopy(state, o + 3, r, 0, 9);
        return new SE3(SO3.ofMatrix(r), state[o], state[o + 1], state[o + 2]);
    }

    /** Translation of the pose at a dense index (2 or 3 numbers). */
    public double[] translation(int index) {
        double[] t = new double[space.spatialDim];
        System.arraycopy(state, index * space.stride, t, 0, t.length);
        return t;
    }

    // ---- factors ----

    public int addBetween(long from, long to, SE2 measured, double[] information) {
        requireSpace(PoseSpace.SE2);
        return addBetween(from, to, flat(measured), information);
    }

    public int addBetween(long from, long to, SE3 measured, double[] information) {
        requireSpace(PoseSpace.SE3);
        return addBetween(from, to, flat(measured), information);
    }

    public void addPrior(long id, SE2 measured, double[] information) {
        requireSpace(PoseSpace.SE2);
        addPrior(id, flat(measured), information);
    }

    public void addPrior(long id, SE3 measured, double[] information) {
        requireSpace(PoseSpace.SE3);
        addPrior(id, flat(measured), information);
    }

    /** Adds a between factor with the measurement already in flat layout. */
    int addBetween(long from, long to, double[] measured, double[] information) {
        if (from == to) {
            throw new IllegalArgumentException(
                    "edge " + from + "→" + to + " joins a pose to itself");
        }
        checkInformation(information);
        between.add(new BetweenFactor(index(from), index(to), measured, information.clone()));
        structureVersion++;
        return between.size() - 1;
    }

    void addPrior(long id, double[] measured, double[] information) {
        checkInformation(information);
        priors.add(new PriorFactor(index(id), measured, information.clone()));
        structureVersion++;
    }

    /** Replaces the most recently added between factor (same poses, possibly reversed). */
    void replaceLastBetween(BetweenFactor f) {
        between.set(between.size() - 1, f);
        structureVersion++;
    }

    /** Replaces every between factor's information matrix (same structure); for SE-Sync weights. */
    void replaceInformation(int factor, double[] information) {
        checkInformation(information);
        BetweenFactor f = between.get(factor);
        between.set(factor, new BetweenFactor(f.from(), f.to(), f.measured(), information));
    }

    // ---- state access for the solvers ----

    /**
     * The symbolic analysis of the block graph of every pose but the first (block i − 1 for pose i;
     * pose 0 is the gauge anchor of the solvers), computed on first use after each change of
     * structure: the chordal initialization and Levenberg–Marquardt share it.
     */
    EliminationStructure eliminationStructure() {
        if (eliminationStructure == null || eliminationStructureVersion != structureVersion) {
            eliminationStructure = pendingAnalysis();
            if (eliminationStructure == null) {
                eliminationStructure = analyseStructure();
            }
            eliminationStructureVersion = structureVersion;
        }
        return eliminationStructure;
    }

    /**
     * Takes the symbolic analysis of this graph's current structure from one started in the
     * background (while a reader was parsing it); used when first needed, if the poses and edges
     * are still the ones it analysed.
     */
    public void useSymbolicAnalysis(BackgroundSymbolicAnalysis analysis) {
        pendingAnalysis = analysis;
        pendingVersion = structureVersion;
    }

    private EliminationStructure pendingAnalysis() {
        BackgroundSymbolicAnalysis a = pendingAnalysis;
        pendingAnalysis = null;
        if (a == null || pendingVersion != structureVersion) {
            return null;
        }
        long checksum = 0;
        for (BetweenFactor f : between) {
            checksum += BackgroundSymbolicAnalysis.edgeHash(f.from(), f.to());
        }
        return a.structureFor(poseCount, between.size(), checksum);
    }

    /** The symbolic analysis of the current structure, computed here. */
    EliminationStructure analyseStructure() {
        int[] a = new int[between.size()];
        int[] b = new int[between.size()];
        int m = 0;
        for (BetweenFactor f : between) {
            if (f.from() > 0 && f.to() > 0) {
                a[m] = f.from() - 1;
                b[m++] = f.to() - 1;
            }
        }
        return EliminationStructure.of(
                Math.max(0, poseCount - 1),
                java.util.Arrays.copyOf(a, m),
                java.util.Arrays.copyOf(b, m));
    }

    double[] state() {
        return state;
    }

    /** Copy of the flat state of all poses. */
    public double[] copyState() {
        return java.util.Arrays.copyOf(state, poseCount * space.stride);
    }

    public void restoreState(double[] saved) {
        if (saved.length != poseCount * space.stride) {
            throw new IllegalArgumentException("state of a different graph size");
        }
        System.arraycopy(saved, 0, state, 0, saved.length);
    }

    /** A deep copy: same poses, same factors, independent thereafter. */
    public PoseGraph copy() {
        PoseGraph g = new PoseGraph(space);
        g.state = java.util.Arrays.copyOf(state, state.length);
        g.ids = java.util.Arrays.copyOf(ids, ids.length);
        g.poseCount = poseCount;
        g.indexOfId.putAll(indexOfId);
        g.between.addAll(between);
        g.priors.addAll(priors);
        g.structureVersion = structureVersion;
        g.eliminationStructure = eliminationStructure;
        g.eliminationStructureVersion = eliminationStructureVersion;
        g.pendingAnalysis = pendingAnalysis;
        g.pendingVersion = pendingVersion;
        return g;
    }

    private int newPose(long id) {
        if (indexOfId.containsKey(id)) {
            throw new IllegalArgumentException("duplicate pose id " + id);
        }
        if (poseCount == ids.length) {
            ids = java.util.Arrays.copyOf(ids, 2 * ids.length);
            state = java.util.Arrays.copyOf(state, 2 * state.length);
        }
        ids[poseCount] = id;
        indexOfId.put(id, poseCount);
        structureVersion++;
        return poseCount++;
    }

    private void checkInformation(double[] information) {
        int d = space.tangentDim;
        if (information.length != d * d) {
            throw new IllegalArgumentException(
                    "information matrix must be " + d + "×" + d + ", got " + information.length);
        }
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                double v = information[r * d + c];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("information matrix has non-finite entry");
                }
                if (Math.abs(v - information[c * d + r]) > 1e-9 * (1 + Math.abs(v))) {
                    throw new IllegalArgumentException("information matrix is not symmetric");
                }
            }
            if (information[r * d + r] < 0) {
                throw new IllegalArgumentException("information matrix has a negative diagonal");
            }
        }
    }

    private void requireSpace(PoseSpace expected) {
        if (space != expected) {
            throw new IllegalArgumentException("graph holds " + space + " poses, not " + expected);
        }
    }

    static double[] flat(SE2 p) {
        return new double[] {p.x(), p.y(), p.theta()};
    }

    static double[] flat(SE3 p) {
        double[] f = new double[PoseSpace.SE3.stride];
        f[0] = p.x();
        f[1] = p.y();
        f[2] = p.z();
        System.arraycopy(p.rotation().matrix(), 0, f, 3, 9);
        return f;
    }
}
