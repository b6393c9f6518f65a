package io.edgeflow.slam.collab;

import io.edgeflow.slam.geometry.SE3;
import io.edgeflow.slam.geometry.SO3;
import io.edgeflow.slam.posegraph.PoseGraph;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Replaces a fraction of a fleet's inter-robot closures by wrong ones, for outlier experiments:
 * each replaced closure becomes one between random poses of two random different robots, with a
 * random rotation (uniform angle about a random axis) and a translation uniform in ±{@code extent}
 * per axis, carrying a real closure's information matrix so it looks as confident as a real one.
 */
public final class FalseInterRobotClosures {

    /** The corrupted list and which of its closures are the false ones. */
    public record Corrupted(List<InterRobotClosure> closures, List<InterRobotClosure> injected) {
        public boolean isFalse(InterRobotClosure c) {
            return injected.contains(c);
        }
    }

    private FalseInterRobotClosures() {}

    /** Replaces round(fraction·n) of the n closures by false ones. */
    public static Corrupted replace(
            List<InterRobotClosure> closures,
            Map<Character, PoseGraph> robots,
            double fraction,
            double extent,
            long seed) {
        return corrupt(closures, robots, fraction, extent, seed, true);
    }

    /** Adds false closures until they are {@code fraction} of all closures fed. */
    public static Corrupted add(
            List<InterRobotClosure> closures,
            Map<Character, PoseGraph> robots,
            double fraction,
            double extent,
            long seed) {
        return corrupt(closures, robots, fraction, extent, seed, false);
    }

    private static Corrupted corrupt(
            List<InterRobotClosure> closures,
            Map<Character, PoseGraph> robots,
            double fraction,
            double extent,
            long seed,
            boolean replacing) {
        if (robots.size() < 2) {
            throw new IllegalArgumentException("false inter-robot closures need two robots");
        }
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("false fraction must be in [0, 1): " + fraction);
        }
        Random rnd = new Random(seed);
        List<Character> names = new ArrayList<>(robots.keySet());
        List<InterRobotClosure> out = new ArrayList<>(closures);
        List<InterRobotClosure> injected = new ArrayList<>();
        int count =
                (int)
                        Math.round(
                                replacing
                                        ? fraction * closures.size()
                                        : fraction / (1 - fraction) * closures.size());
        // a replaced closure's slot, or the real closure whose information an added one borrows
        List<Integer> slots = new ArrayList<>();
        if (replacing) {
            for (int i = 0; i < closures.size(); i++) {
                slots.add(i);
            }
            Collections.shuffle(slots, rnd);
        } else {
            for (int i = 0; i < count; i++) {
                slots.add(rnd.nextInt(closures.size()));
            }
        }
        for (int k = 0; k < count; k++) {
            int slot = slots.get(k);
            char a = names.get(rnd.nextInt(names.size()));
            char b;
            do {
                b = names.get(rnd.nextInt(names.size()));
            } while (b == a);
            PoseGraph ga = robots.get(a), gb = robots.get(b);
            long from = ga.id(rnd.nextInt(ga.poseCount()));
            long to = gb.id(rnd.nextInt(gb.poseCount()));
            double angle = (2 * rnd.nextDouble() - 1) * Math.PI;
            double ax = rnd.nextGaussian(), ay = rnd.nextGaussian(), az = rnd.nextGaussian();
            double norm = Math.sqrt(ax * ax + ay * ay + az * az);
            SE3 z =
                    new SE3(
                            SO3.exp(angle * ax / norm, angle * ay / norm, angle * az / norm),
                            extent * (2 * rnd.nextDouble() - 1),
                            extent * (2 * rnd.nextDouble() - 1),
                            extent * (2 * rnd.nextDouble() - 1));
            InterRobotClosure wrong =
                    new InterRobotClosure(from, to, z, closures.get(slot).information());
            if (replacing) {
                out.set(slot, wrong);
            } else {
                out.add(wrong);
            }
            injected.add(wrong);
        }
        return new Corrupted(out, injected);
    }
}
