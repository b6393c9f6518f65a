package io.edgeflow.slam.collab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Exact maximum clique of a small undirected graph by branch and bound with a greedy-colouring
 * bound (Tomita and Seki's MCQ): the colour classes of the candidates bound how many of them can
 * still join the clique. Consistency graphs of inter-robot closures have tens to a few hundred
 * vertices, where this is fast and, unlike a heuristic, never settles for a smaller consistent set.
 */
public final class MaximumClique {
    private final BitSet[] adjacent;
    private BitSet best = new BitSet();

    private MaximumClique(BitSet[] adjacent) {
        this.adjacent = adjacent;
    }

    /** Vertices of one maximum clique, ascending; {@code adjacent[i].get(j)} must be symmetric. */
    public static int[] of(boolean[][] adjacent) {
        int n = adjacent.length;
        BitSet[] sets = new BitSet[n];
        for (int i = 0; i < n; i++) {
            if (adjacent[i].length != n) {
                throw new IllegalArgumentException("adjacency matrix is not square");
            }
            sets[i] = new BitSet(n);
            for (int j = 0; j < n; j++) {
                if (adjacent[i][j] != adjacent[j][i]) {
                    throw new IllegalArgumentException(
                            "adjacency is not symmetric at " + i + "," + j);
                }
                if (i != j && adjacent[i][j]) {
                    sets[i].set(j);
                }
            }
        }
        MaximumClique search = new MaximumClique(sets);
        BitSet all = new BitSet(n);
        all.set(0, n);
        search.expand(new BitSet(n), all);
        return search.best.stream().toArray();
    }

    private void expand(BitSet clique, BitSet candidates) {
        // colour the candidates greedily; a vertex of colour k can extend the clique by at most k
        int[] order = new int[candidates.cardinality()];
        int[] colour = new int[order.length];
        colourSort(candidates, order, colour);
        for (int i = order.length - 1; i >= 0; i--) {
            if (clique.cardinality() + colour[i] <= best.cardinality()) {
                return;
            }
            int v = order[i];
            clique.set(v);
            BitSet next = (BitSet) candidates.clone();
            next.and(adjacent[v]);
            if (next.isEmpty()) {
                if (clique.cardinality() > best.cardinality()) {
                    best = (BitSet) clique.clone();
                }
            } else {
                expand(clique, next);
            }
            clique.clear(v);
            candidates.clear(v);
        }
    }

    /**
     * Sequential greedy colouring; vertices listed by colour ascending with their colour number.
     */
    private void colourSort(BitSet candidates, int[] order, int[] colour) {
        List<BitSet> classes = new ArrayList<>();
        for (int v = candidates.nextSetBit(0); v >= 0; v = candidates.nextSetBit(v + 1)) {
            int k = 0;
            while (k < classes.size() && classes.get(k).intersects(adjacent[v])) {
                k++;
            }
            if (k == classes.size()) {
                classes.add(new BitSet());
            }
            classes.get(k).set(v);
        }
        int i = 0;
        for (int k = 0; k < classes.size(); k++) {
            BitSet c = classes.get(k);
            for (int v = c.nextSetBit(0); v >= 0; v = c.nextSetBit(v + 1)) {
                order[i] = v;
                colour[i++] = k + 1;
            }
        }
        assert i == order.length : Arrays.toString(order);
    }
}
